"""The case inbox: cases and their timeline, touchpoint owners, and each site's case rule, SLA and default owner.

Revision ID: 0007_cases
Revises: 0006_alert_rules

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0007_cases'
down_revision = '0006_alert_rules'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cases_enabled', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('case_rule', JSON, server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('sla_first_action_hours', sa.Integer(), server_default='24', nullable=False))
        batch_op.add_column(sa.Column('sla_resolve_hours', sa.Integer(), server_default='72', nullable=False))
        batch_op.add_column(sa.Column('default_owner_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_sites_default_owner_id_users', 'users', ['default_owner_id'], ['id'],
                                    ondelete='SET NULL')

    op.create_table('touchpoint_owners',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('touchpoint', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('site_id', 'touchpoint')
    )
    with op.batch_alter_table('touchpoint_owners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_touchpoint_owners_user_id'), ['user_id'], unique=False)

    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('touchpoint', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_action_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('first_action_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolve_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('overdue_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('overdue_notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('response_id')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_site_status', ['site_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_owner_id'), ['owner_id'], unique=False)

    op.create_table('case_entries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', JSON, nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_entries_case_id'), ['case_id'], unique=False)


def downgrade():
    op.drop_table('case_entries')
    op.drop_table('cases')
    op.drop_table('touchpoint_owners')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_constraint('fk_sites_default_owner_id_users', type_='foreignkey')
        batch_op.drop_column('default_owner_id')
        batch_op.drop_column('sla_resolve_hours')
        batch_op.drop_column('sla_first_action_hours')
        batch_op.drop_column('case_rule')
        batch_op.drop_column('cases_enabled')
