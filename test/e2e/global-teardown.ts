export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __sesameSystem?: { stop(): Promise<void> } }).__sesameSystem?.stop();
}
