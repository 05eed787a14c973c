"""Origins that asked for a site's config, allowed or refused: install feedback for site owners.

Revision ID: 0009_origin_sightings
Revises: 0008_detractor_outcome

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_origin_sightings'
down_revision = '0008_detractor_outcome'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('origin_sightings',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=200), nullable=False),
    sa.Column('allowed', sa.Boolean(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('site_id', 'origin')
    )


def downgrade():
    op.drop_table('origin_sightings')
