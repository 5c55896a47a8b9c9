#ifndef LOANSIM_CGSL_SHIM_H
#define LOANSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_integration.h>

/* Swift 6 rejects references to GSL's mutable `gsl_rng_<type>` globals; these getters expose them. */
static inline const gsl_rng_type *loansim_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *loansim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *loansim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *loansim_rng_ranlux389(void) { return gsl_rng_ranlux389; }
static inline const gsl_rng_type *loansim_rng_gfsr4(void) { return gsl_rng_gfsr4; }

/* GSL's taus2 step, inlined. taus2 is GSL's `taus` generator with better seeding; both draw with
   taus.c's `taus_get` on a state of three `unsigned long`s, reproduced here word for word, so that a
   draw from a taus2 generator's own state costs no call through the type's function pointer. The
   state is still GSL's, seeded by `gsl_rng_set`; RiskModel uses this only after checking, per
   generator, that it gives the same words as `gsl_rng_get` (StreamRef), and tests it on millions. */
typedef struct { unsigned long int s1, s2, s3; } loansim_taus_state;

static inline unsigned long int loansim_taus_get(void *vstate) {
    loansim_taus_state *state = (loansim_taus_state *)vstate;
#define LOANSIM_TAUSWORTHE(s, a, b, c, d) ((((s) & (c)) << (d)) & 0xffffffffUL) ^ (((((s) << (a)) & 0xffffffffUL) ^ (s)) >> (b))
    state->s1 = LOANSIM_TAUSWORTHE(state->s1, 13, 19, 4294967294UL, 12);
    state->s2 = LOANSIM_TAUSWORTHE(state->s2, 2, 25, 4294967288UL, 4);
    state->s3 = LOANSIM_TAUSWORTHE(state->s3, 3, 11, 4294967280UL, 17);
#undef LOANSIM_TAUSWORTHE
    return state->s1 ^ state->s2 ^ state->s3;
}

/* taus.c's `taus_get_double`: the word / 2^32, in [0, 1). */
static inline double loansim_taus_uniform(void *vstate) { return loansim_taus_get(vstate) / 4294967296.0; }

/* The fixed-node Gauss–Hermite rule type (a global, like the generator types). */
static inline const gsl_integration_fixed_type *loansim_fixed_hermite(void) { return gsl_integration_fixed_hermite; }

#endif
