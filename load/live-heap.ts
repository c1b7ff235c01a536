import WebSocket from 'ws';

/**
 * The bot's live heap: what is still reachable after a full garbage collection, asked through
 * the V8 inspector the load check starts the bot with. RSS alone cannot tell a leak from V8
 * simply keeping a bigger heap after a busy round; the live heap can.
 */
export async function liveHeapBytes(inspectorUrl: string, timeoutMs = 10_000): Promise<number | undefined> {
  const socket = new WebSocket(inspectorUrl);
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  let next = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  const timer = setTimeout(() => socket.terminate(), timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('inspector closed')));
    });
    await call('HeapProfiler.collectGarbage');
    const answer = (await call('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    })) as { result?: { value?: unknown } };
    const value = answer.result?.value;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}
