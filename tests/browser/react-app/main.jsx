// A small shop in React 19 with react-router: the snippet's <Touchpoint> once at the root, and an inline survey in
// the help article only, so a route change mounts and unmounts it. window.APP = {host, siteKey, surveyId}.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter, Link, Route, Routes } from 'react-router-dom'
import { Touchpoint, TouchpointSurvey } from '../../../snippets/react/Touchpoint.jsx'

const { host, siteKey, surveyId } = window.APP

const Home = () => <h1>Home</h1>

const Article = () => (
  <article>
    <h1>Returns</h1>
    <p>Return anything unworn within 30 days.</p>
    <TouchpointSurvey id={surveyId} className="inline-survey" />
    <p id="after-survey">Questions? Write to us.</p>
  </article>
)

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <BrowserRouter>
      <nav><Link id="nav-home" to="/">Home</Link> <Link id="nav-article" to="/help/returns">Returns</Link></nav>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/help/returns" element={<Article />} />
      </Routes>
      <Touchpoint host={host} siteKey={siteKey} />
    </BrowserRouter>
  </StrictMode>
)
