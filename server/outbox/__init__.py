"""What happens after an answer: events written with their cause, and the worker that delivers them as webhooks."""
