"""What the notifications WebSocket pushes: the person's outbox events and new anomalies."""
