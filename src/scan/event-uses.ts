/**
 * From a file's summary to the needs and warnings of the events it handles: each event type found,
 * those set against a constant (read now that every file is summarised), and lookups and hand-ons by
 * event type.
 */
import { permissionsForEvent } from '../catalog/api.js';
import { constantOf, type ImportedFile } from './constants.js';
import { EVENT_TYPE } from './events.js';
import { eventHandled } from './event-sites.js';
import { type EventSite, type FileSummary, notUnderstood, type ScanResult } from './types.js';
import type { Values } from './values.js';

export { collectTypeHandOns } from './event-params.js';

export function collectEventUses(values: Values, file: FileSummary, result: ScanResult): void {
  // An event type set against a constant (`case PAID:`, `case StripeEvents.Paid:`) is read now that
  // every file is summarised: the constant may be declared below, or in another file.
  const events: EventSite[] = file.events.slice();
  const unreadEvents: FileSummary['unreadEvents'] = [];
  const importedFile: ImportedFile = (from, specifier) => values.importedFile(from, specifier);
  let keysRead = 0;
  for (const unread of file.unreadEvents) {
    const type = unread.ref && constantOf(importedFile, file, unread.ref);
    // What a quiet list holds counts only as an event type Stripe's table knows.
    const read = type !== undefined && EVENT_TYPE.test(type) && (!unread.quiet || permissionsForEvent(type));
    if (read) events.push({ type, line: unread.line, column: unread.column });
    else if (!unread.quiet) unreadEvents.push(unread);
    if (read && unread.key) keysRead++;
  }
  for (const event of events) {
    // Made by another provider's package, installed and not depending on stripe (Polar's validateEvent).
    if (
      event.maker &&
      !values.importedFile(file, event.maker) &&
      values.dependsOnStripe(file.path, event.maker) === false
    )
      continue;
    eventHandled(result, file.path, event, event.type);
  }
  // handlers[event.type](event): the events handled are the map's keys, found above when it is
  // written out in this file; otherwise which events (and permissions) are handled is not known.
  // Only event types written out in this file can be the map's keys: one read from a constant
  // where it is compared says nothing of what the map holds. An event handed on by its type
  // (queued, emitted) goes to code elsewhere, whatever map this file writes: always reported.
  // A map imported is another file's: the keys written here are not its keys.
  for (const dispatch of file.dispatches) {
    // A function of this file's (`dispatch(event.type, event)`) is read where it is written.
    if (dispatch.forward && file.functions.has(holderRoot(dispatch.what))) continue;
    if (
      dispatch.forward ||
      dispatch.unheld ||
      (file.mapKeys === 0 && keysRead === 0) ||
      file.imports.has(holderRoot(dispatch.what))
    )
      result.notUnderstood.push(
        notUnderstood(
          file.path,
          dispatch,
          dispatch.what,
          dispatch.forward
            ? 'the event is handed on by its type (queued or emitted) to code that handles it elsewhere, so which events are handled, and which permissions they need, is not known'
            : 'events are handled through a lookup whose keys are not written out here, so which permissions they need is not known',
        ),
      );
  }
  for (const unread of unreadEvents)
    result.notUnderstood.push(
      notUnderstood(
        file.path,
        unread,
        unread.what,
        "an event's type is set against something not written out here (a constant, an enum member, a prefix), so which permissions the events need is not known",
      ),
    );
}

/** The name a lookup's holder starts at, from its words: `handlers` of `handlers.get(event.type)`. */
const holderRoot = (what: string): string => /^[\w$]+/.exec(what)?.[0] ?? '';
