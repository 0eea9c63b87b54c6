"""Notify's use cases, one module per job:

- `phones`: a phone's push subscription (on, off, forgotten, a revoked device's stopped);
- `push`: sending the one generic push to a person's live subscriptions;
- `outbox`: `enqueue`, the outbox's one writer, and the worker's delivery pass.

What a push says is fixed (`rules.GENERIC_PAYLOAD`): nothing from the plan ever goes in it.
"""

from careplan.notify.service.outbox import (
    CLAIM_LEASE,
    OUTBOX_BATCH,
    OutboxPass,
    deliver_due,
    enqueue,
)
from careplan.notify.service.phones import (
    NO_PUSH,
    SHARED_PHONE,
    Device,
    PhoneSession,
    PhoneState,
    forget_device,
    phone_state,
    revoke_passkey_subscriptions,
    revoke_person_subscriptions,
    subscribe,
    unsubscribe,
)
from careplan.notify.service.push import (
    SEND_TIMEOUT_SECONDS,
    Delivery,
    live_subscriptions,
    send_to_person,
)

__all__ = [
    "CLAIM_LEASE",
    "NO_PUSH",
    "OUTBOX_BATCH",
    "SEND_TIMEOUT_SECONDS",
    "SHARED_PHONE",
    "Delivery",
    "Device",
    "OutboxPass",
    "PhoneSession",
    "PhoneState",
    "deliver_due",
    "enqueue",
    "forget_device",
    "live_subscriptions",
    "phone_state",
    "revoke_passkey_subscriptions",
    "revoke_person_subscriptions",
    "send_to_person",
    "subscribe",
    "unsubscribe",
]
