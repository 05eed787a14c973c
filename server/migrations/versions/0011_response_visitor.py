"""A response may carry a pseudonymous key of the answering browser; a site may turn that off.

Revision ID: 0011_response_visitor
Revises: 0010_alert_owner

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011_response_visitor'
down_revision = '0010_alert_owner'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_answers', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visitor_key', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_responses_site_visitor', ['site_id', 'visitor_key'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_site_visitor')
        batch_op.drop_column('visitor_key')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('link_answers')
