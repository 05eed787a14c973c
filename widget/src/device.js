// The visitor's device class. The config is the same for every visitor, so the widget
// decides it; the server classifies the same User-Agents alike for what it stores
// (both follow tests/fixtures/devices.json). iPadOS Safari poses as a Mac: its touch
// screen tells it apart. An Android without "Mobile" is a tablet.

/** desktop, tablet or mobile for a User-Agent and navigator.maxTouchPoints. */
export const deviceClass = (userAgent, touchPoints) =>
  /iPad|Tablet|Android(?!.*Mobile)/.test(userAgent) || touchPoints > 1 && /Mac/.test(userAgent) ? 'tablet'
    : /Mobi|iP[ho]|Android/.test(userAgent) ? 'mobile' : 'desktop'
