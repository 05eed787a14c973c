// Charts drawn with the vendored Chart.js (window.Chart, admin/vendor/chart.umd.min.js).

import { bucketLabel, count, scoreText } from './format.js'

export const COLORS = { promoter: '#15803d', passive: '#9ca3af', detractor: '#dc2626', line: '#4f46e5', bars: '#c7d2fe', counts: '#4b5563' }
const FONT = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 12 }

function make(canvas, config) {
  const Chart = window.Chart
  Chart.defaults.font = { ...Chart.defaults.font, ...FONT }
  Chart.defaults.color = '#4b5563'
  return new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: { duration: 250 }, ...config.options } })
}

// Below this many buckets a bar fills most of the chart's width (one bucket: one huge pale block): the trend
// shows the score as points instead, each with its value above it and the bucket's response count written under it.
const FEW_BUCKETS = 4
const responsesText = n => `${count(n)} ${n === 1 ? 'response' : 'responses'}`

/** Writes the values of few points: the first dataset's above each point, the counts at the foot of the chart. */
function valueLabels(points, valueText) {
  return {
    id: 'trendValueLabels',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea } = chart
      const dataset = chart.data.datasets[0]
      ctx.save()
      ctx.font = `600 ${FONT.size}px ${FONT.family}`
      ctx.textAlign = 'center'
      chart.getDatasetMeta(0).data.forEach((point, i) => {
        ctx.fillStyle = dataset.borderColor
        ctx.textBaseline = 'bottom'
        ctx.fillText(valueText(dataset.data[i]), point.x, point.y - 10)
        if (valueText === responsesText) return
        ctx.fillStyle = COLORS.counts
        ctx.fillText(responsesText(points[i].count), point.x, chartArea.bottom - 6)
      })
      ctx.restore()
    }
  }
}

/**
 * The score per bucket as a line over the response counts as bars. With fewer than FEW_BUCKETS buckets: the score
 * (or, without one, the count) as points with their values written, and the values in the canvas's accessible name.
 */
export function trendChart(canvas, points, { metric, bucket, scoreLabel }) {
  const range = { nps: [-100, 100], csat: [0, 100], ces: [1, 7], cli: [0, 10] }[metric]
  const few = points.length < FEW_BUCKETS
  const scoreOf = v => (v == null ? '' : scoreText(metric, v))
  if (few) {
    const said = points.map(p => `${bucketLabel(p.bucket, bucket)}: ${metric ? `${scoreLabel} ${scoreOf(p.score)}, ` : ''}${responsesText(p.count)}`)
    canvas.setAttribute('aria-label', `${canvas.getAttribute('aria-label') || 'Over time'}. ${said.join('; ')}`)
  }
  const countAxis = !few || !metric
  return make(canvas, {
    data: {
      labels: points.map(p => bucketLabel(p.bucket, bucket)),
      datasets: [
        metric && { type: 'line', label: scoreLabel, data: points.map(p => p.score), borderColor: COLORS.line, backgroundColor: COLORS.line,
          yAxisID: 'score', tension: 0.25, spanGaps: true, pointRadius: few ? 6 : points.length > 60 ? 0 : 3 },
        countAxis && (few
          ? { type: 'line', label: 'Responses', data: points.map(p => p.count), yAxisID: 'count', showLine: false, pointRadius: 6,
              borderColor: COLORS.line, backgroundColor: COLORS.line }
          : { type: 'bar', label: 'Responses', data: points.map(p => p.count), yAxisID: 'count', backgroundColor: COLORS.bars, borderRadius: 3,
              maxBarThickness: 48 })
      ].filter(Boolean)
    },
    plugins: few ? [valueLabels(points, metric ? scoreOf : responsesText)] : [],
    options: {
      interaction: { mode: 'index', intersect: false },
      layout: { padding: few ? { top: 22 } : 0 },
      plugins: { legend: { display: !few, position: 'bottom', labels: { boxWidth: 12 } } },
      scales: {
        ...(metric ? { score: { position: 'left', min: range[0], max: range[1], title: { display: true, text: scoreLabel } } } : {}),
        ...(countAxis ? { count: { position: metric ? 'right' : 'left', beginAtZero: true, grace: few ? '20%' : 0, grid: { display: !metric },
          ticks: { precision: 0 }, title: { display: true, text: 'Responses' } } } : {}),
        x: { grid: { display: false }, offset: few }
      }
    }
  })
}

/** How many answers each point of the scale got, coloured by the category the server gives each point. */
export function distributionChart(canvas, rows) {
  return make(canvas, {
    type: 'bar',
    data: {
      labels: rows.map(r => String(r.score)),
      datasets: [{ label: 'Answers', data: rows.map(r => r.count), backgroundColor: rows.map(r => COLORS[r.category] || COLORS.line), borderRadius: 3 }]
    },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false }, title: { display: true, text: 'Score' } } } }
  })
}

/** Answers per option of a choice question, as horizontal bars. */
export function choiceChart(canvas, options, labelOf) {
  return make(canvas, {
    type: 'bar',
    data: { labels: options.map(o => labelOf(o.option)), datasets: [{ label: 'Answers', data: options.map(o => o.count), backgroundColor: COLORS.line, borderRadius: 3 }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } } }
  })
}
