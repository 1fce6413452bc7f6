package io.cubevk.domain.pod;

/** What a downward-API file or env value is read from: a pod field or a container resource. */
public sealed interface DownwardApiSource permits FieldRef, ResourceFieldRef {}
