// The survey being edited, as plain data: paths, text keys per question, kind changes.

import { surveyFormat } from '../survey-format.js'

export const SERVER_FIELDS = ['id', 'site_id', 'created_at', 'updated_at', 'responses', 'link_key']

/** The scored kinds (NPS, CSAT, CES, CLI): those the server has a scale for. */
export const scoredKinds = () => Object.keys(surveyFormat().scales)
export const isScoredType = type => scoredKinds().includes(type)

/** A trigger type's options with the server's defaults. */
export const triggerDefaults = type => structuredClone(surveyFormat().trigger_defaults[type])

/** The editable part of a survey as the API returns it. */
export function editable(survey) {
  const out = structuredClone(survey)
  SERVER_FIELDS.forEach(k => delete out[k])
  return out
}

/** Read a dotted path ("outcomes.share.url", "questions.0.id"). */
export function get(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj)
}

/** Write a dotted path, creating objects on the way. */
export function set(obj, path, value) {
  const keys = path.split('.')
  const last = keys.pop()
  const parent = keys.reduce((o, k) => (o[k] ??= {}), obj)
  parent[last] = value
}

export const isScored = draft => isScoredType(draft.kind)

/** A text of one locale ("" when it has none). */
export const getText = (draft, locale, key) => draft.texts?.[locale]?.[key] ?? ''

/** Set a text of one locale; an empty one is removed, so the widget's built-in wording applies where there is one. */
export function setText(draft, locale, key, value) {
  const catalogue = ((draft.texts ??= {})[locale] ??= {})
  if (value === '') delete catalogue[key]
  else catalogue[key] = value
}

/**
 * Every text key the survey uses, grouped for the texts editor: [{group, keys: [[key, label, hint]]}].
 * Keys follow docs/SURVEY-FORMAT.md "Texts".
 */
export function textGroups(draft) {
  const groups = [{ group: 'Heading', keys: [['title', 'Heading above the question (optional)']] }]
  if (draft.trigger?.type === 'feedback_button') groups.push({ group: 'Feedback tab', keys: [['tab', 'Tab label']] })
  for (const q of draft.questions || []) {
    const keys = [[`q.${q.id}`, 'Question']]
    if (isScoredType(q.type)) {
      if (q.type === 'cli') surveyFormat().cli_items.forEach(item => keys.push([`q.${q.id}.${item}`, `Item “${item.replace('_', ' ')}”`]))
      keys.push([`q.${q.id}.low`, 'Label of the lowest score'], [`q.${q.id}.high`, 'Label of the highest score'])
    }
    for (const option of q.options || []) keys.push([`q.${q.id}.${option}`, `Option “${option}”`])
    groups.push({ group: `Question “${q.id}”`, keys })
  }
  if (isScored(draft)) {
    if (draft.followup?.enabled) {
      groups.push({ group: 'Follow-up question', keys: [
        ['followup.promoter', 'To promoters'], ['followup.passive', 'To passives'], ['followup.detractor', 'To detractors']] })
    }
    groups.push({ group: 'Thank-you', keys: [['thanks', 'Thank-you (everyone)'], ['thanks.promoter', 'To promoters'],
      ['thanks.passive', 'To passives'], ['thanks.detractor', 'To detractors']] })
    groups.push({ group: 'Sharing and reviews', keys: [['share.prompt', 'Line above the share buttons'], ['share.text', 'Text of the shared post'],
      ['review.promoter', 'Review link wording for promoters'], ['review.passive', 'Review link wording for passives'],
      ['review.detractor', 'Review link wording for detractors']] })
  } else {
    groups.push({ group: 'Thank-you', keys: [['thanks', 'Thank-you']] })
  }
  return groups
}

/** A question id not used yet: "q2", "q3"… */
export function freeId(draft, base = 'q') {
  const used = new Set((draft.questions || []).map(q => q.id))
  let n = 2
  while (used.has(`${base}${n}`)) n++
  return `${base}${n}`
}

/** Change the survey kind and keep the definition coherent: the first question is the main score of a scored kind. */
export function changeKind(draft, kind) {
  const questions = draft.questions || []
  const first = questions[0]
  if (isScoredType(kind)) {
    if (first && isScoredType(first.type)) first.type = kind
    else questions.unshift({ id: questions.some(q => q.id === 'score') ? freeId(draft, 'score') : 'score', type: kind, required: true })
  } else if (first && isScoredType(first.type)) {
    first.type = 'text'
    first.max_length = 1000
    first.required = false
  }
  draft.kind = kind
  draft.questions = questions
  draft.outcomes = { ...draft.outcomes, promoter_min: null, detractor_max: null }
}

/** New options when a question's type changes. */
export function changeQuestionType(question, type) {
  question.type = type
  if (['single', 'multi'].includes(type)) question.options = question.options?.length ? question.options : ['yes', 'no']
  else delete question.options
  if (type === 'text') question.max_length = question.max_length || 1000
  else delete question.max_length
  question.required = isScoredType(type)
}

/** ISO UTC → the value of an <input type=datetime-local> read as UTC ("2025-03-01T10:00"). */
export const toLocalInput = iso => (iso ? new Date(iso).toISOString().slice(0, 16) : '')

/** The inverse: an <input type=datetime-local> read as UTC → ISO, or null. */
export const fromLocalInput = value => (value ? value + ':00Z' : null)
