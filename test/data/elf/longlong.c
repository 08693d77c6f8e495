/* longlong.c: 64-bit integer arithmetic in 32-bit registers: add/sub with carries, multiply,
 * signed and unsigned division and remainder (the libgcc helpers __divdi3, __udivdi3, __moddi3,
 * __umoddi3, linked with -lgcc), shifts by variable amounts, comparisons, and printing 64-bit
 * numbers in decimal. Exercises: sltu-based carries, multu/mfhi, long call chains into libgcc. */
#include "rt.h"

typedef long long i64;
typedef unsigned long long u64;

static void put_u64(u64 v) {
  char buf[21];
  int i = 20;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + (int)(v % 10));
    v /= 10;
  } while (v);
  put_str(buf + i);
}

static void put_i64(i64 v) {
  if (v < 0) {
    put_char('-');
    put_u64(0ull - (u64)v);
  } else {
    put_u64((u64)v);
  }
}

static void show(const char *label, i64 v) {
  put_str(label);
  put_i64(v);
  put_char('\n');
}

/* Volatile inputs so gcc cannot fold the arithmetic at compile time. */
static volatile i64 va = 123456789012345ll;
static volatile i64 vb = -987654321ll;
static volatile u64 vc = 0xfedcba9876543210ull;
static volatile int vs = 37;

int main(void) {
  i64 a = va, b = vb;
  u64 c = vc;
  int s = vs;
  show("a+b ", a + b);
  show("a-b ", a - b);
  show("a*b ", a * b);
  show("a/b ", a / b);
  show("a%b ", a % b);
  show("-a/7 ", -a / 7);
  show("-a%7 ", -a % 7);
  put_str("c ");
  put_u64(c);
  put_str("\nc/1000003 ");
  put_u64(c / 1000003u);
  put_str("\nc%1000003 ");
  put_u64(c % 1000003u);
  put_str("\nc>>s ");
  put_u64(c >> s);
  put_str("\nc<<s ");
  put_u64(c << s);
  put_str("\n(i64)c>>s ");
  put_i64((i64)c >> s);
  put_char('\n');
  show("a<b ", a < b);
  show("(u64)b>(u64)a ", (u64)b > (u64)a);
  u64 f = 1;
  for (int i = 1; i <= 20; i++) f *= (u64)i;
  put_str("20! ");
  put_u64(f);
  put_char('\n');
  u64 h = 14695981039346656037ull; /* FNV-1a 64 of "exolab" */
  for (const char *p = "exolab"; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
  put_str("fnv1a64(exolab) ");
  put_u64(h);
  put_char('\n');
  return (int)(f % 251);
}
