package io.cubevk.archfixture.adapter.fake;

/** An adapter class others must not name. */
public final class FakeThing {}
