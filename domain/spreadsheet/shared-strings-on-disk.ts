import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * A workbook's shared-strings table, kept in a temporary SQLite file (Node's own `node:sqlite`)
 * instead of the JS heap. Excel writes every text cell of a sheet as an index into this table, so
 * a registry of a million rows has millions of distinct strings: held as an array they outgrow the
 * importer's heap (128 MiB), whatever the sheet reader does row by row. On disk, memory stays at
 * SQLite's page cache (CACHE_KIB) and the OS's file cache; a lookup by index costs about 2 µs.
 */
const CACHE_KIB = 4096;

export class SharedStringsOnDisk {
  private readonly directory: string;
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly select: StatementSync;
  private writing = true;
  private closed = false;
  count = 0;

  constructor() {
    this.directory = mkdtempSync(path.join(tmpdir(), 'hub-shared-strings-'));
    this.db = new DatabaseSync(path.join(this.directory, 'strings.db'));
    // A scratch file: no journal, no fsync, and one exclusive lock held throughout, since a lock
    // taken and dropped per lookup costs ten times the lookup.
    this.db.exec(`pragma journal_mode = off; pragma synchronous = off; pragma locking_mode = exclusive;
      pragma cache_size = -${CACHE_KIB}; pragma temp_store = file;
      create table strings (i integer primary key, text text not null); begin`);
    this.insert = this.db.prepare('insert into strings (i, text) values (?, ?)');
    this.select = this.db.prepare('select text from strings where i = ?');
    this.select.setReturnArrays(true);
  }

  add(index: number, text: string): void {
    this.insert.run(index, text);
    this.count += 1;
  }

  /** The string at `index`; undefined when the workbook has none there. */
  get(index: number): string | undefined {
    if (this.writing) {
      this.db.exec('commit');
      this.writing = false;
    }
    const row = this.select.get(index) as unknown as [string] | undefined;
    return row?.[0];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      rmSync(this.directory, { recursive: true, force: true });
    }
  }
}
