package io.cubevk.archfixture.ports.out;

/** Good: a value. */
public record GoodValue(String id) {}
