"""Action alerts by e-mail: alert rules, digest settings and the e-mails the worker sends.

Revision ID: 0006_alert_rules
Revises: 0005_webhook_admin

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0006_alert_rules'
down_revision = '0005_webhook_admin'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table('alert_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('trigger', sa.String(length=10), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('touchpoint', sa.String(length=80), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=True),
    sa.Column('max_score', sa.Float(), nullable=True),
    sa.Column('words', JSON, nullable=False),
    sa.Column('recipients', JSON, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('alert_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_rules_site_id'), ['site_id'], unique=False)

    op.create_table('digest_settings',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('recipients', JSON, nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('site_id')
    )

    op.create_table('mail_jobs',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('outbox_event_id', BIG_ID, nullable=True),
    sa.Column('recipients', JSON, nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('reply_to', sa.String(length=254), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_event_id'], ['outbox_events.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rule_id'], ['alert_rules.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('mail_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_mail_jobs_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_jobs_outbox_event_id'), ['outbox_event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_jobs_site_id'), ['site_id'], unique=False)


def downgrade():
    with op.batch_alter_table('mail_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_jobs_site_id'))
        batch_op.drop_index(batch_op.f('ix_mail_jobs_outbox_event_id'))
        batch_op.drop_index('ix_mail_jobs_due')

    op.drop_table('mail_jobs')
    op.drop_table('digest_settings')
    with op.batch_alter_table('alert_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_rules_site_id'))

    op.drop_table('alert_rules')
