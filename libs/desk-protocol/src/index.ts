/** Desk-agent WebSocket protocol v1, shared by the desk agent and the staff console (browser-safe). */
export * from './protocol';
