import { defineEvent, EventEnvelope } from '@dental/contracts';
import { EntityManager } from '@mikro-orm/core';
import { IsString } from 'class-validator';
import { Outbox } from './outbox';
import { OutboxEvent } from './outbox-event.entity';

class NoteV1 {
  @IsString()
  id: string;

  @IsString()
  text: string;
}
const noteChanged = defineEvent({ type: 'tests.note.changed', version: 1, payload: NoteV1 });

class NoteAudit {
  constructor(
    readonly noteId: string,
    readonly after: unknown,
    readonly reason: string | null,
  ) {}
}

/** An EntityManager that keeps what was added to its unit of work, in order. */
function fakeEm() {
  const persisted: object[] = [];
  const em = {
    persist: (entity: object) => persisted.push(entity),
    create: (cls: new () => object, data: object) => Object.assign(new cls(), data),
  };
  return { em: em as unknown as EntityManager, persisted };
}

const envelopes = (persisted: object[]) =>
  persisted.filter((e) => e instanceof OutboxEvent).map((e) => (e as OutboxEvent).envelope as EventEnvelope);

describe('Outbox.recordChange', () => {
  const outbox = new Outbox();
  const note = { id: 'n1', text: 'hello' };

  it("adds the audit row, then the event, to the caller's unit of work, both from the snapshot", () => {
    const { em, persisted } = fakeEm();
    const { snapshot, audit } = outbox.recordChange(em, {
      snapshot: note,
      audit: (s) => new NoteAudit(s.id, { text: s.text }, null),
      event: { event: noteChanged, organizationId: 'org', clinicId: 'c1' },
    });
    expect(snapshot).toBe(note);
    expect(persisted[0]).toBe(audit);
    expect(audit).toEqual(new NoteAudit('n1', { text: 'hello' }, null));
    const [envelope] = envelopes(persisted);
    expect(envelope).toMatchObject({ type: 'tests.note.changed', organizationId: 'org', clinicId: 'c1' });
    expect(envelope.payload).toEqual(note);
    expect(persisted).toHaveLength(2);
  });

  it('lets the payload be derived from the snapshot, and adds a correction to it and to the audit', () => {
    const { em, persisted } = fakeEm();
    const { audit } = outbox.recordChange(em, {
      snapshot: note,
      correction: { reason: 'typo', memo: null } as never,
      audit: (s, correction) => new NoteAudit(s.id, null, correction?.reason ?? null),
      event: { event: noteChanged, organizationId: 'org', payload: (s) => ({ ...s, changedBy: 'u1' }) },
    });
    expect(audit.reason).toBe('typo');
    const [envelope] = envelopes(persisted);
    expect(Object.keys(envelope.payload as object)).toEqual(['id', 'text', 'changedBy', 'correction']);
    expect(envelope.payload).toEqual({ ...note, changedBy: 'u1', correction: { reason: 'typo', memo: null } });
  });

  it('adds neither when the payload breaks its contract', () => {
    const { em, persisted } = fakeEm();
    expect(() =>
      outbox.recordChange(em, {
        snapshot: { id: 'n1', text: 5 },
        audit: (s) => new NoteAudit(s.id, s, null),
        event: { event: noteChanged, organizationId: 'org' },
      }),
    ).toThrow(/breaks its contract/);
    expect(persisted).toEqual([]);
  });
});
