/* float.c: hard-float (-mfp32) single and double arithmetic printed through integer formatting:
 * sums of series, Newton square roots, conversions int<->float<->double (including negative and
 * rounding cases), comparisons, and a float-to-text routine with 6 decimals.
 * Exercises: lwc1/swc1 (ldc1/sdc1 on mips32), add/sub/mul/div .s/.d, cvt.*, c.cond + bc1t/bc1f,
 * mtc1/mfc1, and on mips1 the cfc1/ctc1 rounding-mode dance gcc emits for float-to-int casts. */
#include "rt.h"

static volatile double vzero = 0.0;
static volatile float vthird = 1.0f / 3.0f;

/* Prints v with six decimals, rounded half up in magnitude. */
static void put_fixed(double v) {
  if (v < 0) {
    put_char('-');
    v = -v;
  }
  unsigned ip = (unsigned)v;
  unsigned frac = (unsigned)((v - (double)ip) * 1000000.0 + 0.5);
  if (frac >= 1000000) {
    ip++;
    frac -= 1000000;
  }
  put_uint(ip);
  put_char('.');
  char d[7];
  for (int i = 5; i >= 0; i--) {
    d[i] = (char)('0' + frac % 10);
    frac /= 10;
  }
  d[6] = 0;
  put_str(d);
}

static void show(const char *label, double v) {
  put_str(label);
  put_fixed(v);
  put_char('\n');
}

static double newton_sqrt(double x) {
  double g = x > 1 ? x / 2 : 1;
  for (int i = 0; i < 40; i++) g = 0.5 * (g + x / g);
  return g;
}

static float newton_sqrtf(float x) {
  float g = x > 1 ? x / 2 : 1;
  for (int i = 0; i < 30; i++) g = 0.5f * (g + x / g);
  return g;
}

int main(void) {
  double pi = 0;
  for (int k = 0; k < 100000; k++) pi += (k & 1 ? -4.0 : 4.0) / (2 * k + 1);
  show("leibniz pi ", pi);
  double e = 1, term = 1;
  for (int k = 1; k < 20; k++) e += (term /= k);
  show("e ", e);
  show("sqrt(2) ", newton_sqrt(2.0));
  show("sqrt(1e6+1) ", newton_sqrt(1000001.0));
  show("sqrtf(10) ", newton_sqrtf(10.0f));
  float third = vthird;
  show("third*3 ", (double)(third * 3.0f));
  show("(double)third ", (double)third);
  float fsum = 0;
  for (int i = 0; i < 1000; i++) fsum += 0.1f;
  show("float 0.1 x1000 ", fsum);
  double dsum = 0;
  for (int i = 0; i < 1000; i++) dsum += 0.1;
  show("double 0.1 x1000 ", dsum);
  int casts[] = {(int)2.5, (int)-2.5, (int)3.99f, (int)-3.99f, (int)(double)2147483000};
  put_str("casts");
  for (int i = 0; i < 5; i++) {
    put_char(' ');
    put_int(casts[i]);
  }
  put_char('\n');
  volatile double vd[] = {7.75, -7.75, 1e9, -0.5};
  put_str("to int");
  for (int i = 0; i < 4; i++) {
    put_char(' ');
    put_int((int)vd[i]);
  }
  put_char('\n');
  volatile int vi[] = {-1, 16777217, 2147483647, -2147483647 - 1};
  put_str("from int");
  for (int i = 0; i < 4; i++) {
    put_char(' ');
    put_fixed((double)vi[i]);
    put_char('/');
    put_fixed((double)(float)vi[i]);
  }
  put_char('\n');
  volatile unsigned vu = 4000000000u;
  show("(double)4e9u ", (double)vu);
  put_str("(unsigned)3.5e9 ");
  put_uint((unsigned)(3.5e9 + vzero));
  put_char('\n');
  double z = vzero;
  put_str("compare");
  put_char(' ');
  put_int(z < 1.0);
  put_int(z > -1.0);
  put_int(z == -z);
  put_int(1.0 / 3 == (double)third);
  put_int(third <= 0.34f);
  put_int(z != z);
  put_char('\n');
  return (int)(pi * 10);
}
