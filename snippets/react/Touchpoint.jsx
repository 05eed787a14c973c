'use client'
// Touchpoint for React and Next.js (App or Pages Router). Copy this file into your app.
//
//   <Touchpoint host="{{HOST}}" siteKey="{{SITE_KEY}}" />   once, in the root layout / _app
//   touchpoint('cart', {items: 2, value: 59.9, currency: 'EUR'})   anywhere, also before load
//   useTouchpointEvent('answered', detail => …)              react to the widget's DOM events
//   <TouchpointSurvey id={12} />                             an inline survey, here in the page
//
// The script is injected once per page load, however often the component mounts (Strict
// Mode, hot reload, several layouts). Client-side route changes need nothing here: the
// widget wraps history.pushState/replaceState and listens to popstate, so it re-checks
// its URL rules and counts a page view on every navigation by itself.
import { useEffect } from 'react'

const stub = () => {
  if (typeof window === 'undefined') return null
  window.touchpoint = window.touchpoint || function () { (window.touchpoint.q = window.touchpoint.q || []).push(arguments) }
  return window.touchpoint
}

/** Call the widget API; safe during server rendering (does nothing) and before the script has loaded (queued). */
export function touchpoint(...args) {
  const t = stub()
  if (t) t(...args)
}

/** Add the widget's <script> to <head> unless it is there already. */
export function loadTouchpoint(host, siteKey) {
  if (!stub() || document.querySelector('script[data-touchpoint]')) return
  const s = document.createElement('script')
  s.async = true
  s.src = host.replace(/\/$/, '') + '/widget.js'
  s.dataset.site = siteKey
  s.dataset.touchpoint = ''
  document.head.appendChild(s)
}

/** Renders nothing; loads the widget after the first render. */
export function Touchpoint({ host, siteKey }) {
  useEffect(() => { loadTouchpoint(host, siteKey) }, [host, siteKey])
  return null
}

/**
 * An inline survey (in the builder, "Inline, in the page where you place it"): the widget draws survey `id` in
 * this element, as wide as its parent. Mount and unmount it with your routes: each mount gets a fresh card, and an
 * unmounted one takes its card with it. minHeight reserves the card's height, so nothing below moves when it arrives.
 */
export function TouchpointSurvey({ id, minHeight = 300, className, style }) {
  // keyed by the survey: another id is another element, which the widget fills anew
  return <div key={id} data-touchpoint-survey={id} className={className} style={{ minHeight, ...style }} />
}

/** Subscribe to touchpoint:shown | touchpoint:answered | touchpoint:closed; handler gets event.detail. */
export function useTouchpointEvent(name, handler) {
  useEffect(() => {
    const f = e => handler(e.detail)
    window.addEventListener('touchpoint:' + name, f)
    return () => window.removeEventListener('touchpoint:' + name, f)
  }, [name, handler])
}
