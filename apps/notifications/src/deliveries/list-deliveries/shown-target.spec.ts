import { shownTarget } from './list-deliveries.handler';

describe('shownTarget: what the delivery log shows of a target', () => {
  it('shows a webhook by its origin only, never a token in its path or query', () => {
    expect(shownTarget('webhook', 'https://hooks.example/services/T01/B02/s3cr3t?key=abc')).toBe(
      'https://hooks.example/…',
    );
    expect(shownTarget('webhook', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });

  it('shows e-mail addresses as they are', () => {
    expect(shownTarget('clinic-email', 'desk@clinic.example')).toBe('desk@clinic.example');
  });
});
