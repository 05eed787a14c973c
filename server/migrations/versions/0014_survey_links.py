"""Hosted survey links: a survey's link settings and key, and each response's channel and hidden fields.

Revision ID: 0014_survey_links
Revises: 0013_site_time_zone

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0014_survey_links'
down_revision = '0013_site_time_zone'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link', JSON, server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('link_key', sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint('uq_surveys_link_key', ['link_key'])
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=20), server_default='web', nullable=False))
        batch_op.add_column(sa.Column('hidden_fields', JSON, nullable=True))


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('hidden_fields')
        batch_op.drop_column('channel')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_constraint('uq_surveys_link_key', type_='unique')
        batch_op.drop_column('link_key')
        batch_op.drop_column('link')
