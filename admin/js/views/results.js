// A survey's results: headline, trend, distribution, response rate, case metrics, breakdowns, responses and the CSV export.

import { api, apiUrl } from '../api.js'
import { emptyState, field, h, replace, segmented, select } from '../dom.js'
import { CATEGORY_LABELS, DEVICE_LABELS, METRIC_LABELS, STATUS_LABELS, TRIGGER_LABELS, channelLabel, count, daysAgo, label, percent, scoreText } from '../format.js'
import { choiceChart, distributionChart, trendChart } from '../charts.js'
import { responseList } from '../components/response-list.js'
import { caseMetricsCard } from '../components/case-metrics.js'

const PERIODS = [['all', 'All time'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days'], ['custom', 'Custom dates']]
const BREAKDOWNS = [['page', 'Pages', v => v || '(unknown)'], ['device', 'Devices', v => label(DEVICE_LABELS, v)],
  ['locale', 'Languages', v => v || '(not sent)'], ['trigger', 'Triggers', v => label(TRIGGER_LABELS, v)],
  ['channel', 'Channels', channelLabel]]

export async function resultsView(main, surveyId) {
  const survey = await api(`/surveys/${surveyId}`)
  const site = await api(`/sites/${survey.site_id}`)
  const key = `touchpoint.results.${survey.id}`
  const state = { period: 'all', from: '', to: '', category: '', device: '', channel: '', q: '', bucket: 'week', ...JSON.parse(sessionStorage.getItem(key) || '{}') }
  const texts = survey.texts[survey.default_locale] || {}
  const textOf = k => texts[k]
  const charts = []
  const scored = survey.kind !== 'custom'

  const summary = h('div', { class: 'summary' })
  const trendCard = h('section', { class: 'card chart-card' })
  const distCard = h('section', { class: 'card chart-card' })
  const breakdowns = h('div', { class: 'breakdowns' })
  const cases = h('div', { class: 'cases-slot' })
  const responses = responseList(survey, textOf)
  const exportLink = h('a', { class: 'btn', download: '', text: 'Export CSV' })

  function filters() {
    const range = state.period === 'custom' ? { from: state.from, to: state.to }
      : state.period === 'all' ? {} : { from: daysAgo(Number(state.period) - 1, site.time_zone) }
    return { ...range, category: state.category, device: state.device, channel: state.channel, q: state.q.trim() }
  }

  async function load() {
    sessionStorage.setItem(key, JSON.stringify(state))
    const query = filters()
    exportLink.href = apiUrl(`/surveys/${survey.id}/export.csv`, query)
    const [results, parts] = await Promise.all([
      api(`/surveys/${survey.id}/results`, { query: { ...query, bucket: state.bucket } }),
      api(`/surveys/${survey.id}/breakdowns`, { query })])
    charts.splice(0).forEach(c => c.destroy())
    renderSummary(results)
    replace(cases, caseMetricsCard(results.cases, survey.touchpoint))
    renderTrend(results)
    renderDistribution(results)
    renderBreakdowns(parts, results.headline.metric)
    await responses.load(query)
  }

  function renderSummary(r) {
    const hd = r.headline
    const rate = r.response_rate
    const cards = []
    if (hd.metric) {
      const parts = hd.answered ? [['promoter', hd.promoters], ['passive', hd.passives], ['detractor', hd.detractors]] : []
      cards.push(h('div', { class: 'stat headline' },
        h('span', { class: 'stat-label', text: label(METRIC_LABELS, hd.metric) }),
        h('strong', { class: 'stat-value', id: 'headline-score', text: scoreText(hd.metric, hd.value) }),
        extraLine(hd),
        parts.length ? h('div', { class: 'split', role: 'img', 'aria-label': parts.map(([c, n]) => `${n} ${label(CATEGORY_LABELS, c).toLowerCase()}s`).join(', ') },
          parts.filter(([, n]) => n).map(([c, n]) => {
            const seg = h('span', { class: `seg cat-${c}`, title: `${label(CATEGORY_LABELS, c)}s: ${n}` })
            seg.style.flexGrow = String(n)
            return seg
          })) : null,
        parts.length ? h('p', { class: 'legend' }, parts.map(([c, n]) => h('span', { class: `dot cat-${c}`, text: `${label(CATEGORY_LABELS, c)}s ${count(n)}` }))) : null))
    }
    cards.push(h('div', { class: 'stat' }, h('span', { class: 'stat-label', text: 'Responses' }),
      h('strong', { class: 'stat-value', id: 'responses-count', text: count(hd.responses) }),
      h('span', { class: 'stat-note', text: hd.metric ? `${count(hd.answered)} gave a score` : 'in this period' })))
    cards.push(h('div', { class: 'stat' }, h('span', { class: 'stat-label', text: 'Response rate' }),
      h('strong', { class: 'stat-value', text: percent(rate.rate) }),
      h('span', { class: 'stat-note', text: rate.displays ? `${count(rate.responses)} of ${count(rate.displays)} times shown` : 'Not shown to anyone yet' }),
      rate.dismissals ? h('span', { class: 'stat-note', text: `${count(rate.dismissals)} closed without answering` }) : null))
    summary.classList.toggle('no-headline', !hd.metric)
    replace(summary, cards)
  }

  function extraLine(hd) {
    if (hd.metric === 'csat' && hd.mean != null) return h('span', { class: `stat-note${hd.problem ? ' warn' : ''}`, text: `Average ${hd.mean} / 5${hd.problem ? ' — below 3: needs attention' : ''}` })
    if (hd.metric === 'ces' && hd.agree_percent != null) return h('span', { class: 'stat-note', text: `${percent(hd.agree_percent)} found it easy (5–7)` })
    if (hd.metric === 'nps') return h('span', { class: 'stat-note', text: 'From −100 to +100' })
    return null
  }

  function renderTrend(r) {
    const canvas = h('canvas', { 'aria-label': 'Score and responses over time', role: 'img' })
    replace(trendCard,
      h('div', { class: 'card-head' }, h('h2', { text: 'Over time' }),
        segmented([['day', 'Day'], ['week', 'Week'], ['month', 'Month']], state.bucket, v => { state.bucket = v; load() }, 'Group by')),
      r.trend.length ? h('div', { class: 'chart' }, canvas) : emptyState('Nothing to chart yet', 'Answers in this period will appear here.'))
    if (r.trend.length) charts.push(trendChart(canvas, r.trend, { metric: r.headline.metric, bucket: state.bucket, scoreLabel: label(METRIC_LABELS, r.headline.metric) }))
  }

  function renderDistribution(r) {
    const canvas = h('canvas', { role: 'img' })
    if (scored) {
      canvas.setAttribute('aria-label', 'Answers per score')
      replace(distCard, h('div', { class: 'card-head' }, h('h2', { text: 'Scores given' })),
        r.headline.answered ? h('div', { class: 'chart' }, canvas) : emptyState('No scores yet', null))
      if (r.headline.answered) charts.push(distributionChart(canvas, r.distribution))
      return
    }
    const choice = r.choices[0]
    replace(distCard, h('div', { class: 'card-head' }, h('h2', { text: choice ? textOf(`q.${choice.question}`) || choice.question : 'Answers' })),
      choice && choice.options.some(o => o.count) ? h('div', { class: 'chart' }, canvas) : emptyState('No choices made yet', null))
    if (choice && choice.options.some(o => o.count)) {
      canvas.setAttribute('aria-label', 'Answers per option')
      charts.push(choiceChart(canvas, choice.options, opt => textOf(`q.${choice.question}.${opt}`) || opt))
    }
  }

  function renderBreakdowns(parts, metric) {
    replace(breakdowns, BREAKDOWNS.map(([id, title, name]) => h('section', { class: 'card breakdown', dataset: { breakdown: id } },
      h('h2', { text: title }),
      parts[id].length ? h('table', { class: 'table compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: id === 'page' ? 'Page' : title.replace(/s$/, '') }),
          h('th', { scope: 'col', class: 'num', text: 'Responses' }), metric && h('th', { scope: 'col', class: 'num', text: label(METRIC_LABELS, metric) }))),
        h('tbody', {}, parts[id].map(row => h('tr', {},
          h('td', { class: id === 'page' ? 'mono ellipsis' : null, title: name(row.value), text: name(row.value) }),
          h('td', { class: 'num', text: count(row.count) }),
          metric && h('td', { class: 'num', text: scoreText(metric, row.score) })))))
        : h('p', { class: 'muted small', text: 'No responses yet.' }))))
  }

  const period = select(PERIODS, state.period, v => { state.period = v; renderDates(); if (v !== 'custom') load() }, { id: 'filter-period' })
  const from = h('input', { type: 'date', value: state.from, on: { change: e => { state.from = e.target.value; load() } } })
  const to = h('input', { type: 'date', value: state.to, on: { change: e => { state.to = e.target.value; load() } } })
  const dates = h('span', { class: 'dates' })
  const renderDates = () => replace(dates, state.period === 'custom' && [field('From', from), field('To', to)])
  const search = h('input', { type: 'search', placeholder: 'Words in comments', value: state.q, id: 'filter-q' })
  let searchTimer
  search.addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => { state.q = search.value; load() }, 400) })
  renderDates()

  replace(main, h('div', { class: 'page wide' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/sites', text: 'Sites' }),
      h('a', { href: `#/sites/${site.id}`, text: site.name }), h('a', { href: `#/surveys/${survey.id}`, text: survey.name }), h('span', { text: 'Results' })),
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { text: survey.name }),
        h('p', { class: 'muted' }, h('span', { class: `chip status-${survey.status}`, text: label(STATUS_LABELS, survey.status) }), ' ',
          survey.touchpoint ? `Touchpoint “${survey.touchpoint}”` : '')),
      h('div', { class: 'actions' }, h('a', { class: 'btn', href: `#/surveys/${survey.id}`, text: 'Edit survey' }), exportLink)),
    h('div', { class: 'filters card', role: 'search' },
      field('Period', period), dates,
      scored && field('Answers', select([['', 'All'], ['promoter', 'Promoters'], ['passive', 'Passives'], ['detractor', 'Detractors']],
        state.category, v => { state.category = v; load() }, { id: 'filter-category' })),
      field('Device', select([['', 'All devices'], ['desktop', 'Computers'], ['tablet', 'Tablets'], ['mobile', 'Phones']],
        state.device, v => { state.device = v; load() }, { id: 'filter-device' })),
      survey.link?.enabled && field('Channel', select([['', 'All channels'], ['web', channelLabel('web')], [survey.link.channel, channelLabel(survey.link.channel)]],
        state.channel, v => { state.channel = v; load() }, { id: 'filter-channel' })),
      field('Search comments', search)),
    summary,
    cases,
    h('div', { class: 'chart-grid' }, trendCard, distCard),
    breakdowns,
    responses.el))
  await load()
  return () => { charts.forEach(c => c.destroy()); clearTimeout(searchTimer) }
}
