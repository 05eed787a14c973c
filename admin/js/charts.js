// Charts drawn with the vendored Chart.js (window.Chart, admin/vendor/chart.umd.min.js).

import { bucketLabel } from './format.js'

export const COLORS = { promoter: '#15803d', passive: '#9ca3af', detractor: '#dc2626', line: '#4f46e5', bars: '#c7d2fe' }
const FONT = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 12 }

function make(canvas, config) {
  const Chart = window.Chart
  Chart.defaults.font = { ...Chart.defaults.font, ...FONT }
  Chart.defaults.color = '#4b5563'
  return new Chart(canvas, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: { duration: 250 }, ...config.options } })
}

/** The score per bucket as a line over the response counts as bars. */
export function trendChart(canvas, points, { metric, bucket, scoreLabel }) {
  const range = { nps: [-100, 100], csat: [0, 100], ces: [1, 7], cli: [0, 10] }[metric]
  return make(canvas, {
    data: {
      labels: points.map(p => bucketLabel(p.bucket, bucket)),
      datasets: [
        metric && { type: 'line', label: scoreLabel, data: points.map(p => p.score), borderColor: COLORS.line, backgroundColor: COLORS.line,
          yAxisID: 'score', tension: 0.25, spanGaps: true, pointRadius: points.length > 60 ? 0 : 3 },
        { type: 'bar', label: 'Responses', data: points.map(p => p.count), backgroundColor: COLORS.bars, yAxisID: 'count', borderRadius: 3 }
      ].filter(Boolean)
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      scales: {
        ...(metric ? { score: { position: 'left', min: range[0], max: range[1], title: { display: true, text: scoreLabel } } } : {}),
        count: { position: metric ? 'right' : 'left', beginAtZero: true, grid: { display: !metric }, ticks: { precision: 0 }, title: { display: true, text: 'Responses' } },
        x: { grid: { display: false } }
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
