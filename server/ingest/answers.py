"""Answers checked against the survey they answer: types, ranges, options and lengths."""
from __future__ import annotations

from ..catalog import scoring
from ..catalog.scoring import CLI_ITEMS, SCALES


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_answer(question: dict, value) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    qtype = question["type"]
    if qtype in ("nps", "csat", "ces"):
        low, high = SCALES[qtype]
        if not _is_int(value) or not low <= value <= high:
            return f"Must be an integer between {low} and {high}."
    elif qtype == "cli":
        low, high = SCALES["cli"]
        if not isinstance(value, dict) or set(value) != set(CLI_ITEMS):
            return f"Must be an object with {', '.join(CLI_ITEMS)}."
        if not all(_is_int(v) and low <= v <= high for v in value.values()):
            return f"Each item must be an integer between {low} and {high}."
    elif qtype == "single":
        if not isinstance(value, str) or value not in question["options"]:
            return "Must be one of the question's options."
    elif qtype == "multi":
        if (not isinstance(value, list) or not value or len(set(map(str, value))) != len(value)
                or not all(isinstance(v, str) and v in question["options"] for v in value)):
            return "Must be a non-empty list of distinct options."
    elif qtype == "text":
        if not isinstance(value, str):
            return "Must be a string."
        if len(value) > question.get("max_length", 1000):
            return f"At most {question.get('max_length', 1000)} characters."
    return None


def validate_answers(survey, answers: dict, completed: bool) -> dict[str, list[str]]:
    """Field errors (``answers.<id>``) for answers that do not fit the survey; empty when all fit."""
    questions = {q["id"]: q for q in survey.questions}
    followup = survey.followup or {}
    errors: dict[str, list[str]] = {}
    if not answers:
        errors["answers"] = ["Give at least one answer."]
    for key, value in answers.items():
        if key == "followup":
            if not followup.get("enabled"):
                problem = "This survey has no follow-up question."
            else:
                problem = check_answer({"type": "text", "max_length": followup.get("max_length", 1000)}, value)
        elif key in questions:
            problem = check_answer(questions[key], value)
        else:
            problem = "Unknown question."
        if problem:
            errors[f"answers.{key}"] = [problem]
    if completed:
        for qid, question in questions.items():
            if question.get("required") and qid not in answers:
                errors.setdefault(f"answers.{qid}", ["Required to complete the response."])
    return errors


def comment_of(survey, answers: dict) -> str | None:
    """Free-text answers joined in question order (then the follow-up): what the admin lists and searches."""
    texts = [answers[q["id"]] for q in survey.questions if q["type"] == "text" and answers.get(q["id"])]
    if answers.get("followup"):
        texts.append(answers["followup"])
    return "\n".join(texts) or None


def score_and_category(survey, answers: dict) -> tuple[float | None, str | None]:
    """The main score and its category under the survey's thresholds."""
    return scoring.score_and_category(survey.kind, survey.outcomes, survey.questions[0]["id"], answers)


def merge_answers(stored: dict, incoming: dict) -> tuple[dict, list[str]]:
    """Union of stored and incoming answers, and the ids whose stored value the incoming one contradicts.

    Answers are append-only, so a partial re-sent after the complete one is harmless
    and the order in which retries arrive does not matter.
    """
    conflicts = [key for key, value in incoming.items() if key in stored and stored[key] != value]
    return {**stored, **incoming}, conflicts
