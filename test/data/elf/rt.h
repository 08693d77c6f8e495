/*
 * rt.h: the whole "runtime" of the freestanding test programs: a __start that sets $gp and calls
 * main, raw Linux o32 system calls (number in $v0, arguments in $a0..$a2, result in $v0, error
 * flag in $a3), and the few helpers gcc may call on its own (memcpy, memset).
 * No libc; each program is a single translation unit that includes this file once.
 */
#define SYS_exit 4001
#define SYS_read 4003
#define SYS_write 4004
#define SYS_brk 4045
#define SYS_exit_group 4246

typedef unsigned int size_t;

int main(void);

/* Entry point: the kernel leaves argc/argv on the stack, which these programs ignore. $gp must
 * point at _gp because -mno-abicalls code addresses small data relative to it. */
__asm__(
    "  .text\n"
    "  .globl __start\n"
    "  .type __start, @function\n"
    "  .ent __start\n"
    "__start:\n"
    "  .set noreorder\n"
    "  lui $28, %hi(_gp)\n"
    "  addiu $28, $28, %lo(_gp)\n"
    "  addiu $29, $29, -16\n"
    "  jal main\n"
    "  nop\n"
    "  move $4, $2\n"
    "  li $2, 4246\n"
    "  syscall\n"
    "  break\n"
    "  .set reorder\n"
    "  .end __start\n");

static inline long syscall3(long n, long a, long b, long c) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7");
  __asm__ volatile("syscall"
                   : "+r"(v0), "=r"(a3), "+r"(a0), "+r"(a1), "+r"(a2)
                   :
                   : "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24",
                     "$25", "hi", "lo", "memory");
  return a3 ? -v0 : v0;
}

static inline long sys_write(int fd, const void *buf, size_t n) {
  return syscall3(SYS_write, fd, (long)buf, n);
}
static inline long sys_read(int fd, void *buf, size_t n) {
  return syscall3(SYS_read, fd, (long)buf, n);
}
static inline long sys_brk(void *p) { return syscall3(SYS_brk, (long)p, 0, 0); }
static inline void sys_exit(int status) {
  syscall3(SYS_exit, status, 0, 0);
  for (;;) {
  }
}

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memcpy(void *d, const void *s,
                                                                         size_t n) {
  unsigned char *dp = d;
  const unsigned char *sp = s;
  while (n--) *dp++ = *sp++;
  return d;
}

__attribute__((optimize("no-tree-loop-distribute-patterns"))) void *memset(void *d, int c,
                                                                         size_t n) {
  unsigned char *dp = d;
  while (n--) *dp++ = (unsigned char)c;
  return d;
}

static size_t str_len(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  return n;
}

static void put_str(const char *s) { sys_write(1, s, str_len(s)); }

static void put_char(char c) { sys_write(1, &c, 1); }

/* Formats v in decimal (signed when is_signed) into a small buffer and writes it. */
static void put_uint(unsigned v) {
  char buf[12];
  int i = 11;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  put_str(buf + i);
}

static void put_int(int v) {
  if (v < 0) {
    put_char('-');
    put_uint(0u - (unsigned)v);
  } else {
    put_uint((unsigned)v);
  }
}

static void put_hex(unsigned v) {
  static const char digits[] = "0123456789abcdef";
  char buf[11];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < 8; i++) buf[2 + i] = digits[(v >> (28 - 4 * i)) & 15];
  buf[10] = 0;
  put_str(buf);
}
