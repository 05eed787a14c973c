// Pure scoring rules: scales, thresholds, the main score and its category, as the
// server's catalog/scoring.py has them (both follow tests/fixtures/scoring.json).

// kind → [lowest, highest, default promoter_min, default detractor_max]
export const SCALES = { nps: [0, 10, 9, 6], csat: [1, 5, 5, 2], ces: [1, 7, 6, 3], cli: [0, 10, 9, 6] }
export const CLI_ITEMS = ['recommend', 'buy_again', 'try_other']

/** [promoter_min, detractor_max] of a scored survey, the kind's defaults filling gaps; undefined for custom. */
export function thresholds(survey) {
  const scale = SCALES[survey.kind], outcomes = survey.outcomes || {}
  return scale && [outcomes.promoter_min ?? scale[2], outcomes.detractor_max ?? scale[3]]
}

/** The main score of the first question's answer: the unrounded CLI mean, else the answer itself. */
export const mainScore = (question, value) =>
  question.type == 'cli' ? CLI_ITEMS.reduce((sum, item) => sum + value[item], 0) / 3 : value

/** promoter / passive / detractor, or null for custom surveys and missing scores. */
export function category(survey, score) {
  const bands = thresholds(survey)
  return !bands || score == null ? null : score >= bands[0] ? 'promoter' : score <= bands[1] ? 'detractor' : 'passive'
}
