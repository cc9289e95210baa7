import { DomainError } from '@dental/contracts';
import { ConnectionException, DeadlockException, DriverException } from '@mikro-orm/core';
import { ErrorCode, NatsError } from 'nats';
import { isInfrastructureFailure } from './infrastructure-failure';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isInfrastructureFailure: our own outage, or the message/request itself?', () => {
  it.each([
    ['a refused connection (PostgreSQL stopped)', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    [
      'admin shutdown (pg_ctl stop -m immediate/fast)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['the server starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception class 08', withCode('connection failure', '08006')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['a serialization failure', withCode('could not serialize access', '40001')],
    ['a deadlock', withCode('deadlock detected', '40P01')],
    ['pg: Connection terminated', new Error('Connection terminated unexpectedly')],
    [
      'knex: a transaction whose connection was dropped',
      new DriverException(new Error('Transaction query already complete, run with DEBUG=knex:tx for more info')),
    ],
    ['knex: no connection in time', new Error('Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['MikroORM wrapping a lost connection', new ConnectionException(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))],
    ['MikroORM deadlock', new DeadlockException(withCode('deadlock detected', '40P01'))],
    ['a NATS error (bus down)', new NatsError('CONNECTION_CLOSED', ErrorCode.ConnectionClosed)],
    ['a neighbour service answering 503', new DomainError('SERVICE.UNAVAILABLE', 503, 'payments is not running')],
    [
      'an AggregateError of refused addresses',
      new AggregateError([withCode('connect ECONNREFUSED ::1', 'ECONNREFUSED')]),
    ],
    ['a cause chain', new Error('handler failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('%s is infrastructure', (_label, e) => expect(isInfrastructureFailure(e)).toBe(true));

  it.each([
    ['a bug in a handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', new DriverException(withCode('duplicate key value violates unique constraint', '23505'))],
    ['a check violation', withCode('new row violates check constraint', '23514')],
    ['invalid input syntax', withCode('invalid input syntax for type uuid', '22P02')],
    ['a 404 from a neighbour', DomainError.notFound('PATIENT.NOT_FOUND', 'patient', 'x')],
    ['a 409', new DomainError('PAYMENT.ACCOUNT_CLOSED', 409, 'closed')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not', (_label, e) => expect(isInfrastructureFailure(e)).toBe(false));
});
