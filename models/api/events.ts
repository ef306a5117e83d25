// Kubernetes Events as `kubectl get events` shows them. Recorders (CSV, console watch,
// summaries) subscribe; the models only emit.

import type { KEvent, KObject } from './types.js';

/** `obj` is the object the event is about (the stored object), for recorders that index by it. */
export type EventListener = (e: KEvent, obj: KObject) => void;

export class EventRecorder {
  private readonly listeners: EventListener[] = [];
  constructor(private readonly clock: { readonly now: number }) {}

  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  emit(
    obj: KObject,
    type: KEvent['type'],
    reason: string,
    message: string,
    source: string,
  ): void {
    if (this.listeners.length === 0) return;
    const e: KEvent = {
      time: this.clock.now,
      namespace: obj.metadata.namespace ?? 'default',
      kind: obj.kind,
      name: obj.metadata.name,
      type,
      reason,
      message,
      source,
    };
    for (const l of this.listeners) l(e, obj);
  }

  normal(obj: KObject, reason: string, message: string, source: string): void {
    this.emit(obj, 'Normal', reason, message, source);
  }

  warning(obj: KObject, reason: string, message: string, source: string): void {
    this.emit(obj, 'Warning', reason, message, source);
  }
}
