"""Every stored survey says what its detractors meet (outcomes.detractor).

New surveys get the recovery step inside the popup. Surveys saved before keep
what they did: the page at recovery_url when one is set, else the hosted page
(now behind a button, never a timer).

Revision ID: 0008_detractor_outcome
Revises: 0007_cases

"""
import json

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0008_detractor_outcome'
down_revision = '0007_cases'
branch_labels = None
depends_on = None


def _rewrite(change):
    connection = op.get_bind()
    surveys = sa.table('surveys', sa.column('id', sa.Integer), sa.column('outcomes', sa.JSON))
    for survey_id, outcomes in connection.execute(sa.select(surveys.c.id, surveys.c.outcomes)).all():
        outcomes = json.loads(outcomes) if isinstance(outcomes, str) else dict(outcomes or {})
        if change(outcomes):
            connection.execute(surveys.update().where(surveys.c.id == survey_id).values(outcomes=outcomes))


def upgrade():
    def add(outcomes):
        if 'detractor' in outcomes:
            return False
        outcomes['detractor'] = 'redirect' if outcomes.get('recovery_url') else 'hosted'
        return True
    _rewrite(add)


def downgrade():
    _rewrite(lambda outcomes: outcomes.pop('detractor', None) is not None)
