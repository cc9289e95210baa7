import { csrfTokenMatches, parseCookies } from './browser-session';

describe('parseCookies', () => {
  it('reads every pair of a Cookie header, trimming the spaces around them', () => {
    expect({ ...parseCookies('df_session=abc.def.ghi; df_csrf=0123;other = x ') }).toEqual({
      df_session: 'abc.def.ghi',
      df_csrf: '0123',
      other: 'x',
    });
  });

  it('is empty without a header', () => {
    expect({ ...parseCookies(undefined) }).toEqual({});
    expect({ ...parseCookies('') }).toEqual({});
  });

  it('keeps the first of two pairs with one name', () => {
    expect(parseCookies('a=first; a=second').a).toBe('first');
  });

  it('decodes percent-encoding and drops surrounding quotes; keeps a value that is not valid encoding', () => {
    expect({ ...parseCookies('q="quoted value"; e=a%20b; bad=%E0%A4%A') }).toEqual({
      q: 'quoted value',
      e: 'a b',
      bad: '%E0%A4%A',
    });
  });

  it('ignores pairs without "=" or without a name, and values may hold "="', () => {
    expect({ ...parseCookies('flag; =nameless; jwt=a=b==') }).toEqual({ jwt: 'a=b==' });
  });

  it('cannot be tricked into setting the prototype', () => {
    const cookies = parseCookies('__proto__=x; constructor=y');
    expect(cookies.__proto__).toBe('x');
    expect(Object.getPrototypeOf(cookies)).toBeNull();
    expect(Object.keys(cookies)).toEqual(['__proto__', 'constructor']);
  });
});

describe('csrfTokenMatches', () => {
  it('is true only for a present header equal to the cookie', () => {
    expect(csrfTokenMatches('tok-123', 'tok-123')).toBe(true);
    expect(csrfTokenMatches('tok-123', 'tok-124')).toBe(false);
    expect(csrfTokenMatches('tok-123', 'tok-1234')).toBe(false);
    expect(csrfTokenMatches('tok-123', undefined)).toBe(false);
    expect(csrfTokenMatches('tok-123', ['tok-123'])).toBe(false);
    expect(csrfTokenMatches(undefined, '')).toBe(false);
    expect(csrfTokenMatches('', '')).toBe(false);
  });
});
