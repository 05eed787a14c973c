"""A site's time zone, in which results, filters, trends and digests draw their days.

Revision ID: 0013_site_time_zone
Revises: 0012_survey_priority

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0013_site_time_zone'
down_revision = '0012_survey_priority'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), server_default='UTC', nullable=False))


def downgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
