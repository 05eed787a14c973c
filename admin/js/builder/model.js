// The survey being edited, as plain data: paths, text keys per question, trigger defaults, kind changes.

export const SCORED = ['nps', 'csat', 'ces', 'cli']
export const CLI_ITEMS = ['recommend', 'buy_again', 'try_other']
export const SERVER_FIELDS = ['id', 'site_id', 'created_at', 'updated_at', 'responses']

/** Trigger options and their defaults (docs/SURVEY-FORMAT.md "Trigger"). */
export const TRIGGER_DEFAULTS = {
  page_view: { delay_seconds: 0 },
  time_on_page: { seconds: 30 },
  scroll_depth: { percent: 50 },
  exit_intent: { min_dwell_seconds: 5, touch: true },
  cart_abandonment: {
    idle_seconds: 45, exit_intent: true, count_selector: null,
    cart_pages: [{ match: 'contains', value: '/cart', target: 'path' }, { match: 'contains', value: '/checkout', target: 'path' }]
  },
  click: { selector: '' },
  custom_event: { event: '' }
}

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

export const isScored = draft => SCORED.includes(draft.kind)

/**
 * Every text key the survey uses, grouped for the texts editor: [{group, keys: [[key, label, hint]]}].
 * Keys follow docs/SURVEY-FORMAT.md "Texts".
 */
export function textGroups(draft) {
  const groups = [{ group: 'Heading', keys: [['title', 'Heading above the question (optional)']] }]
  for (const q of draft.questions || []) {
    const keys = [[`q.${q.id}`, 'Question']]
    if (['nps', 'csat', 'ces', 'cli'].includes(q.type)) {
      if (q.type === 'cli') CLI_ITEMS.forEach(item => keys.push([`q.${q.id}.${item}`, `Item “${item.replace('_', ' ')}”`]))
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
  if (SCORED.includes(kind)) {
    if (first && SCORED.includes(first.type)) first.type = kind
    else questions.unshift({ id: questions.some(q => q.id === 'score') ? freeId(draft, 'score') : 'score', type: kind, required: true })
  } else if (first && SCORED.includes(first.type)) {
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
  question.required = SCORED.includes(type)
}

/** ISO UTC → the value of an <input type=datetime-local> read as UTC ("2025-03-01T10:00"). */
export const toLocalInput = iso => (iso ? new Date(iso).toISOString().slice(0, 16) : '')

/** The inverse: an <input type=datetime-local> read as UTC → ISO, or null. */
export const fromLocalInput = value => (value ? value + ':00Z' : null)
