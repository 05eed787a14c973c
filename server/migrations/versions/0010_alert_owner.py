"""An alert rule may also e-mail the owner of the answer's touchpoint.

Revision ID: 0010_alert_owner
Revises: 0009_origin_sightings

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0010_alert_owner'
down_revision = '0009_origin_sightings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('alert_rules', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_owner', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('alert_rules', schema=None) as batch_op:
        batch_op.drop_column('notify_owner')
