"""Daily IP salts: one random salt per UTC day for ip_mode=hash, forgotten after two days.

Revision ID: 0003_ip_salts
Revises: 0002_admin_sessions

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003_ip_salts'
down_revision = '0002_admin_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ip_salts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('day')
    )


def downgrade():
    op.drop_table('ip_salts')
