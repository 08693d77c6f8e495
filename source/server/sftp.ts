/**
 * SFTP confined to the user's workspace: `/` is DIR/users/NAME. Every path goes through
 * confinedPath (no `..` above the root, no symbolic link leading out); links are never made
 * (SYMLINK is refused) and never followed when a file is opened (O_NOFOLLOW). Enough of the
 * protocol for OpenSSH's `sftp` and `scp`: open/read/write/close, stat, list, mkdir, rmdir,
 * remove, rename, realpath, setstat.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ssh2, { type SFTPWrapper } from 'ssh2';
import { confinedPath, isLink, virtualPath } from './confine.ts';

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;

interface DirHandle {
  kind: 'dir';
  host: string;
  done: boolean;
}
interface FileHandle {
  kind: 'file';
  fd: number;
}

/** Serves one SFTP channel for a user whose workspace is `root` (a real path). */
export function serveSftp(
  sftp: SFTPWrapper,
  root: string,
  onRefusal: (what: string) => void,
): void {
  const handles = new Map<number, DirHandle | FileHandle>();
  let next = 1;
  const newHandle = (h: DirHandle | FileHandle): Buffer => {
    const id = next++;
    handles.set(id, h);
    const b = Buffer.alloc(4);
    b.writeUInt32BE(id);
    return b;
  };
  const lookup = (b: Buffer) => (b.length === 4 ? handles.get(b.readUInt32BE(0)) : undefined);

  /** Resolves `name` or answers PERMISSION_DENIED and returns null. */
  const resolve = (reqid: number, name: string): string | null => {
    const host = confinedPath(root, name);
    if (host === null) {
      onRefusal(`path \`${name}\` leads outside the workspace`);
      sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'outside your workspace');
    }
    return host;
  };
  /** Runs `job`, answering with the status of the error it throws. */
  const attempt = (reqid: number, job: () => void) => {
    try {
      job();
    } catch (error) {
      // The code only: a host error message would show the server's own paths.
      const code = (error as NodeJS.ErrnoException).code ?? 'failed';
      sftp.status(reqid, statusOf(error as NodeJS.ErrnoException), code);
    }
  };
  const ok = (reqid: number) => sftp.status(reqid, STATUS_CODE.OK);

  sftp.on('REALPATH', (reqid, name) => {
    const v = virtualPath(name);
    sftp.name(reqid, [{ filename: v, longname: v, attrs: {} as ssh2.Attributes }]);
  });
  sftp.on('OPEN', (reqid, name, flags, attrs) => {
    const host = resolve(reqid, name);
    if (host === null) return;
    attempt(reqid, () => {
      const fd = fs.openSync(host, openFlags(flags), (attrs.mode ?? 0o644) & 0o777);
      sftp.handle(reqid, newHandle({ kind: 'file', fd }));
    });
  });
  sftp.on('READ', (reqid, handle, offset, length) => {
    const h = lookup(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    attempt(reqid, () => {
      const buf = Buffer.alloc(Math.min(length, 1 << 18));
      const n = fs.readSync(h.fd, buf, 0, buf.length, offset);
      if (n === 0) sftp.status(reqid, STATUS_CODE.EOF);
      else sftp.data(reqid, buf.subarray(0, n));
    });
  });
  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const h = lookup(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    attempt(reqid, () => {
      fs.writeSync(h.fd, data, 0, data.length, offset);
      ok(reqid);
    });
  });
  sftp.on('FSTAT', (reqid, handle) => {
    const h = lookup(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    attempt(reqid, () => sftp.attrs(reqid, attrsOf(fs.fstatSync(h.fd))));
  });
  sftp.on('FSETSTAT', (reqid, handle, attrs) => {
    const h = lookup(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    attempt(reqid, () => {
      if (attrs.mode !== undefined) fs.fchmodSync(h.fd, attrs.mode & 0o777);
      if (attrs.mtime !== undefined) fs.futimesSync(h.fd, attrs.atime ?? attrs.mtime, attrs.mtime);
      ok(reqid);
    });
  });
  sftp.on('CLOSE', (reqid, handle) => {
    const h = lookup(handle);
    if (h === undefined) return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    handles.delete(handle.readUInt32BE(0));
    attempt(reqid, () => {
      if (h.kind === 'file') fs.closeSync(h.fd);
      ok(reqid);
    });
  });
  sftp.on('OPENDIR', (reqid, name) => {
    const host = resolve(reqid, name);
    if (host === null) return;
    attempt(reqid, () => {
      if (!fs.statSync(host).isDirectory())
        throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      sftp.handle(reqid, newHandle({ kind: 'dir', host, done: false }));
    });
  });
  sftp.on('READDIR', (reqid, handle) => {
    const h = lookup(handle);
    if (h?.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE, 'bad handle');
    if (h.done) return sftp.status(reqid, STATUS_CODE.EOF);
    h.done = true;
    attempt(reqid, () => {
      const names = ['.', '..', ...fs.readdirSync(h.host)].flatMap((filename) => {
        try {
          const st = fs.lstatSync(path.join(h.host, filename));
          return [{ filename, longname: longname(filename, st), attrs: attrsOf(st) }];
        } catch {
          return [];
        }
      });
      sftp.name(reqid, names);
    });
  });
  const stat = (reqid: number, name: string, follow: boolean) => {
    const host = resolve(reqid, name);
    if (host === null) return;
    attempt(reqid, () =>
      sftp.attrs(reqid, attrsOf(follow ? fs.statSync(host) : fs.lstatSync(host))),
    );
  };
  sftp.on('STAT', (reqid, name) => stat(reqid, name, true));
  sftp.on('LSTAT', (reqid, name) => stat(reqid, name, false));
  sftp.on('SETSTAT', (reqid, name, attrs) => {
    const host = resolve(reqid, name);
    if (host === null) return;
    attempt(reqid, () => {
      if (isLink(host)) throw Object.assign(new Error('is a link'), { code: 'EPERM' });
      if (attrs.mode !== undefined) fs.chmodSync(host, attrs.mode & 0o777);
      if (attrs.mtime !== undefined) fs.utimesSync(host, attrs.atime ?? attrs.mtime, attrs.mtime);
      ok(reqid);
    });
  });
  sftp.on('MKDIR', (reqid, name) => {
    const host = resolve(reqid, name);
    if (host !== null)
      attempt(reqid, () => {
        fs.mkdirSync(host, { mode: 0o700 });
        ok(reqid);
      });
  });
  sftp.on('RMDIR', (reqid, name) => {
    const host = resolve(reqid, name);
    if (host !== null && host !== root)
      attempt(reqid, () => {
        fs.rmdirSync(host);
        ok(reqid);
      });
    else if (host === root)
      sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'the workspace itself');
  });
  sftp.on('REMOVE', (reqid, name) => {
    const host = resolve(reqid, name);
    if (host !== null)
      attempt(reqid, () => {
        fs.unlinkSync(host);
        ok(reqid);
      });
  });
  sftp.on('RENAME', (reqid, from, to) => {
    const a = resolve(reqid, from);
    if (a === null) return;
    const b = resolve(reqid, to);
    if (b === null) return;
    if (a === root || b === root)
      return sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'the workspace itself');
    attempt(reqid, () => {
      fs.renameSync(a, b);
      ok(reqid);
    });
  });
  sftp.on('READLINK', (reqid) =>
    sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, 'links are not shown'),
  );
  sftp.on('SYMLINK', (reqid, link) => {
    onRefusal(`symbolic link \`${link}\``);
    sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, 'symbolic links are not allowed');
  });
  // The client is done (it sent EOF): close our side too, or it waits for ever.
  sftp.on('end', () => sftp.end());
  sftp.on('close', () => {
    for (const h of handles.values()) if (h.kind === 'file') fs.closeSync(h.fd);
    handles.clear();
  });
}

/** fs.open flags for SFTP's, never following a link at the last step. */
function openFlags(flags: number): number {
  const c = fs.constants;
  let f = c.O_NOFOLLOW;
  const read = (flags & OPEN_MODE.READ) !== 0;
  const write = (flags & OPEN_MODE.WRITE) !== 0 || (flags & OPEN_MODE.APPEND) !== 0;
  f |= read && write ? c.O_RDWR : write ? c.O_WRONLY : c.O_RDONLY;
  if (flags & OPEN_MODE.APPEND) f |= c.O_APPEND;
  if (flags & OPEN_MODE.CREAT) f |= c.O_CREAT;
  if (flags & OPEN_MODE.TRUNC) f |= c.O_TRUNC;
  if (flags & OPEN_MODE.EXCL) f |= c.O_EXCL;
  return f;
}

function attrsOf(st: fs.Stats): ssh2.Attributes {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

function longname(name: string, st: fs.Stats): string {
  const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : '-';
  const bits = 'rwxrwxrwx'
    .split('')
    .map((ch, i) => (st.mode & (1 << (8 - i)) ? ch : '-'))
    .join('');
  const date = st.mtime.toISOString().slice(0, 16).replace('T', ' ');
  return `${type}${bits} 1 user user ${String(st.size).padStart(8)} ${date} ${name}`;
}

function statusOf(error: NodeJS.ErrnoException): number {
  switch (error.code) {
    case 'ENOENT':
      return STATUS_CODE.NO_SUCH_FILE;
    case 'EACCES':
    case 'EPERM':
    case 'ELOOP':
      return STATUS_CODE.PERMISSION_DENIED;
    default:
      return STATUS_CODE.FAILURE;
  }
}
