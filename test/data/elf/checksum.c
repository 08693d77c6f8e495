/* checksum.c: loops over arrays: fills arrays from a linear congruential generator, then prints
 * their sum, xor, an Adler-32 and a bitwise CRC-32 of the bytes, and a bubble-sorted median.
 * Exercises: loads and stores of words, halfwords and bytes, shifts and masks, multiply
 * (mult/mflo on mips1), unsigned division and remainder, .bss arrays, and the exit status
 * (exit_group with the low byte of the CRC). */
#include "rt.h"

#define N 512

static unsigned words[N];
static unsigned short halves[N];
static unsigned char bytes[N * 4];
static unsigned seed = 12345;

static unsigned next(void) {
  seed = seed * 1103515245u + 12345u;
  return seed;
}

static unsigned adler32(const unsigned char *p, unsigned n) {
  unsigned a = 1, b = 0;
  for (unsigned i = 0; i < n; i++) {
    a = (a + p[i]) % 65521u;
    b = (b + a) % 65521u;
  }
  return (b << 16) | a;
}

static unsigned crc32(const unsigned char *p, unsigned n) {
  unsigned c = 0xffffffffu;
  for (unsigned i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

static void line(const char *label, unsigned v) {
  put_str(label);
  put_hex(v);
  put_char('\n');
}

int main(void) {
  unsigned sum = 0, x = 0;
  for (int i = 0; i < N; i++) {
    words[i] = next();
    halves[i] = (unsigned short)(words[i] >> 16);
    sum += words[i];
    x ^= words[i] * (unsigned)i;
  }
  for (int i = 0; i < N * 4; i++) bytes[i] = ((unsigned char *)words)[i] ^ (unsigned char)i;
  line("sum   ", sum);
  line("xor   ", x);
  line("adler ", adler32(bytes, sizeof bytes));
  unsigned crc = crc32(bytes, sizeof bytes);
  line("crc32 ", crc);
  line("crc('123456789') ", crc32((const unsigned char *)"123456789", 9));
  int hsum = 0;
  for (int i = 0; i < N; i++) hsum += (short)halves[i];
  put_str("signed half sum ");
  put_int(hsum);
  put_char('\n');
  for (int i = 0; i < 64; i++)
    for (int j = 0; j + 1 < 64 - i; j++)
      if (halves[j] > halves[j + 1]) {
        unsigned short t = halves[j];
        halves[j] = halves[j + 1];
        halves[j + 1] = t;
      }
  put_str("median of first 64 halves ");
  put_uint(halves[32]);
  put_char('\n');
  return (int)(crc & 0xff);
}
