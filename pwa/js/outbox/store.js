// The store of queued entries. An entry is only removed after the server
// confirmed it; until then it keeps its place in the queue.
import { promisify, transact } from '../idb.js';
import { database } from './db.js';

const run = async (mode, fn) => transact(await database(), ['outbox'], mode, fn);

export const addEntry = (entry) => run('readwrite', (s) => promisify(s.add(entry)));
export const putEntry = (entry) => run('readwrite', (s) => promisify(s.put(entry)));
export const getEntry = (seq) => run('readonly', (s) => promisify(s.get(seq)));
export const deleteEntry = (seq) => run('readwrite', (s) => promisify(s.delete(seq)));
export const allEntries = () => run('readonly', (s) => promisify(s.getAll()));

