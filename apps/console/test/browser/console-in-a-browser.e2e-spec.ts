import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { Topics } from '@app/contracts';
import { adminAuth, startPaymentService } from '../../../payment-service/test/payment-test-kit';
import { startOrderService } from '../../../../test/e2e/support/order-service-in-process';
import { orderRequest, userId } from '../../../../test/e2e/support/orders';
import { describeWith } from '../../../../libs/kafka-broker/test/external-clients';
import { afterTest, eventually, startTestConsole, TEST_TOKEN, testAdmin, uniqueId, useBroker } from '../console-test-kit';

/** `npm run docs:console-images` sets this to docs/images; otherwise screenshots go to a temporary folder. */
const SHOTS = process.env.CONSOLE_SCREENSHOTS ?? join(tmpdir(), 'console-screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });
}

const chromiumTool = { name: 'chromium', available: existsSync(CHROMIUM), installHint: 'apt-get install -y chromium, or set CHROMIUM_PATH' };

describeWith(chromiumTool)('the console in a real browser, against the real services on a real broker', () => {
  const broker = useBroker();

  it('shows order-created with 6 partitions, an order record and its headers, payment lag falling to 0, a poison record under Dead letters, and after a redrive the order PAID', async () => {
    const admin = await testAdmin(broker());
    await admin.createTopics({ waitForLeaders: true, topics: [Topics.OrderCreated, Topics.PaymentProcessed, Topics.PaymentFailed].map((topic) => ({ topic, numPartitions: 6 })) });
    const orders = await startOrderService(broker());
    await orders.app.listen(0, '127.0.0.1');
    const orderPort = (orders.app.getHttpServer().address() as AddressInfo).port;
    const payments = await startPaymentService(broker(), { env: { GATEWAY_BUG_MODE: 'true' } });
    const server = await startTestConsole(broker().bootstrapServers.split(','), { orderServiceUrl: `http://127.0.0.1:${orderPort}` });

    const placed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await orders
        .http()
        .post('/orders')
        .set('x-correlation-id', uniqueId('corr'))
        .send(orderRequest(userId(), 10 + i));
      expect(answer.status).toBe(201);
      placed.push(answer.body.orderId as string);
    }
    const poison = await orders
      .http()
      .post('/orders')
      .set('x-correlation-id', uniqueId('corr-poison'))
      .send(orderRequest(userId('test-bug'), 30));
    expect(poison.status).toBe(201);
    const poisonId = poison.body.orderId as string;
    const followed = placed[0] ?? '';

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    afterTest(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const failures: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });

    // Topics: order-created with its 6 partitions.
    await page.goto(`${server.url}/topics`);
    const row = page.locator('tr', { has: page.locator('a', { hasText: /^order-created$/ }) });
    await row.waitFor();
    expect((await row.locator(':scope > td').nth(1).textContent())?.trim()).toBe('6');
    await shoot(page, 'topics');

    // Messages: the order's record found by its id, with its headers.
    await page.goto(`${server.url}/topics/order-created/messages?key=${followed}`);
    const record = page.locator('table.records > tbody > tr').first();
    await record.waitFor();
    expect(await page.locator('table.records > tbody > tr').count()).toBe(1);
    expect(await record.locator(':scope > td').nth(4).textContent()).toContain('correlation-id');
    expect(await record.locator(':scope > td').nth(5).textContent()).toContain(followed);
    await shoot(page, 'messages');

    // The payment-service group's lag falls to 0.
    await page.goto(`${server.url}/groups/payment-service`);
    await page.waitForSelector('#group-summary[data-lag="0"]', { timeout: 60_000 });
    await shoot(page, 'group-lag');

    // Dead letters: the poison order with its reason.
    await eventually(async () => ((await admin.fetchTopicOffsets(`${Topics.OrderCreated}-dlq`).catch(() => []))[0] !== undefined ? true : undefined), 'the dead-letter topic');
    await eventually(async () => ((await admin.fetchTopicOffsets(`${Topics.OrderCreated}-dlq`)).some((o) => o.high !== o.low) ? true : undefined), 'the poison record dead-lettered');
    await page.goto(`${server.url}/dead-letters/order-created-dlq`);
    const poisonRow = page.locator('tr[data-dead-letter]', { hasText: poisonId });
    await poisonRow.waitFor();
    expect(await poisonRow.textContent()).toContain('payment-service');
    const reason = (await poisonRow.locator(':scope > td').nth(2).textContent()) ?? '';
    expect(reason.length).toBeGreaterThan(0);
    await shoot(page, 'dead-letters');

    // Bug switch off, log in, redrive from the console, follow the order to PAID.
    expect((await payments.http().put('/admin/gateway').set(adminAuth).send({ bugMode: false })).status).toBe(200);
    await page.fill('#login input[name=token]', TEST_TOKEN);
    await page.click('#login button');
    await page.waitForSelector('#session .ok');
    await poisonRow.locator('button', { hasText: 'Redrive' }).click();
    await page.waitForSelector('#redrive-result .success');
    expect(await page.textContent('#redrive-result')).toContain('order-created.payment-service.redrive');

    await page.goto(`${server.url}/follow?q=${poisonId}`);
    await page.waitForSelector('#order-status[data-status="PAID"]', { timeout: 60_000 });
    const timeline = (await page.textContent('.timeline')) ?? '';
    expect(timeline).toContain('Accepted over HTTP');
    expect(timeline).toContain('order-created record');
    expect(timeline).toContain('Dead letter');
    expect(timeline).toContain('Redriven to payment-service');
    expect(timeline).toContain('payment-processed record');
    await shoot(page, 'follow-order');

    // An unknown topic in the URL: a 404 page saying so.
    const missing = await page.goto(`${server.url}/topics/no-such-topic`);
    expect(missing?.status()).toBe(404);
    await page.waitForSelector('text=topic "no-such-topic" does not exist');
    expect(failures.filter((f) => !f.includes('404'))).toEqual([]);
  });
});
