// The rules of a survey definition, from the server (GET /api/admin/survey-format): scales,
// default thresholds, CLI items and each trigger type's defaults. The server validates with
// the same tables, so the builder keeps no copy of its own. Loaded once per page.

import { api } from './api.js'

let format = null

/** Fetch the rules (once); views that edit surveys await this before they render. */
export async function loadSurveyFormat() {
  format = format || await api('/survey-format')
  return format
}

/** The rules, once loaded. */
export const surveyFormat = () => format
