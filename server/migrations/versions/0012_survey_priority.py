"""A survey's place in its site's order, for when several surveys are due at the same moment.

Revision ID: 0012_survey_priority
Revises: 0011_response_visitor

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0012_survey_priority'
down_revision = '0011_response_visitor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('priority')
