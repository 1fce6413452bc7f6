/**
 * A rate-limited work queue with client-go's semantics, which the controllers' correctness rests
 * on: a key is never handed to two workers at once; a key added while it is being processed is
 * processed again afterwards (nothing is lost); failures come back with per-key exponential
 * backoff, capped overall by a token bucket; delayed adds for periodic re-checks.
 */
package io.cubevk.app.engine.queue;
