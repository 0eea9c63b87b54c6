"""Web push subscriptions, the notification outbox and its delivery worker."""
