import { CSRF_COOKIE, Public, SESSION_COOKIE, TokenService, toCaller } from '@dental/auth';
import { AuthErrors } from '@dental/contracts';
import { RpcClient } from '@dental/messaging';
import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Delete, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { CookieOptions, Request, Response } from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import { AnswerSpec, ApiAnswer, ApiErrors, X_ANSWER } from '../openapi/api-docs';
import * as V from '../openapi/views';
import { LoginDto } from './auth.dto';
import { meView, signIn } from './credentials';

/**
 * The session cookie: httpOnly (no script reads the token), SameSite=Strict (never sent from another site), only to
 * the API, Secure when the request came over TLS (directly, or through a trusted proxy's X-Forwarded-Proto).
 */
const sessionCookie = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  path: '/api',
  secure: req.secure,
});
/** The CSRF cookie: readable by the app's script, which echoes it in X-CSRF-Token on every change. */
const csrfCookie = (req: Request): CookieOptions => ({
  httpOnly: false,
  sameSite: 'strict',
  path: '/',
  secure: req.secure,
});

@ApiTags('auth')
@Controller()
export class BrowserSessionController {
  constructor(
    private readonly em: EntityManager,
    private readonly tokens: TokenService,
    private readonly rpc: RpcClient,
  ) {}

  @ApiOperation({
    operationId: 'createBrowserSession',
    summary: 'Sign in from a browser: the token in an httpOnly cookie, never in the page',
    description:
      'Sets `df_session` (the access token of POST /auth/login; httpOnly, SameSite=Strict, Path=/api, Secure over TLS) ' +
      'and `df_csrf` (random, readable, SameSite=Strict, Path=/). Every later POST, PUT, PATCH or DELETE signed in by ' +
      'the cookie must send `X-CSRF-Token` equal to `df_csrf` (else 403 AUTH.CSRF_TOKEN_INVALID); an expired cookie ' +
      'answers 401 AUTH.SESSION_EXPIRED. A wrong e-mail or password sets nothing.',
  })
  @ApiAnswer(V.BrowserSession, 'signed in: the session lifetime and the current user (GET /me)')
  @ApiErrors(AuthErrors.UNAUTHENTICATED, AuthErrors.TOO_MANY_ATTEMPTS)
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/session')
  @HttpCode(200)
  async create(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { accessToken, expiresIn } = await signIn(this.em, this.tokens, dto);
    const principal = await this.tokens.verify(accessToken);
    const user = await meView(this.em, this.rpc, toCaller(principal, String(req.id ?? randomUUID())));
    const maxAge = expiresIn * 1000;
    res.setHeader('Cache-Control', 'no-store');
    res.cookie(SESSION_COOKIE, accessToken, { ...sessionCookie(req), maxAge });
    res.cookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), { ...csrfCookie(req), maxAge });
    return { expiresIn, user };
  }

  @ApiOperation({
    operationId: 'deleteBrowserSession',
    summary: 'Sign out a browser: clears the session and CSRF cookies (also when the session has already ended)',
  })
  @ApiExtension(X_ANSWER, { description: 'signed out: both cookies cleared' } satisfies AnswerSpec)
  @Public()
  @Delete('auth/session')
  @HttpCode(204)
  remove(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    res.setHeader('Cache-Control', 'no-store');
    res.clearCookie(SESSION_COOKIE, sessionCookie(req));
    res.clearCookie(CSRF_COOKIE, csrfCookie(req));
  }
}
