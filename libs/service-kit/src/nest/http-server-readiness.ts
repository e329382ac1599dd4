import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Readies Fastify at the end of `app.init()`, once Nest has added every route and the error and not-found
 * handlers: until then Fastify answers nothing. `listen()` runs `init()` first; tests call `init()` and drive
 * `getHttpServer()` directly, so it has to happen here rather than in `listen()`.
 */
@Injectable()
export class HttpServerReadiness implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onApplicationBootstrap(): Promise<void> {
    const instance = this.adapterHost.httpAdapter?.getInstance<{ ready?: () => PromiseLike<unknown> }>();
    if (typeof instance?.ready === 'function') await instance.ready();
  }
}
