package io.cubevk.app.architecture;

/**
 * Where each layer lives, as package roots. The real project and the deliberately bad fixtures
 * share the same rules and differ only in this layout, so a rule that catches the fixture also
 * guards the real code.
 */
record Layout(String root) {

  static final Layout PROJECT = new Layout("io.cubevk");
  static final Layout BAD_FIXTURES = new Layout("io.cubevk.archfixture");

  String domain() {
    return root + ".domain..";
  }

  /** The Cube document codec: the only domain package that may use SnakeYAML. */
  String domainCodec() {
    return root + ".domain.cube.codec..";
  }

  String ports() {
    return root + ".ports..";
  }

  String portsIn() {
    return root + ".ports.in..";
  }

  String portsOut() {
    return root + ".ports.out..";
  }

  String adapter(String name) {
    return root + ".adapter." + name + "..";
  }

  String adapters() {
    return root + ".adapter..";
  }

  String app() {
    return root + ".app..";
  }

  /** The vk-app packages allowed to name adapter classes: they choose and assemble adapters. */
  String[] appAssembly() {
    return new String[] {root + ".app.wiring..", root + ".app.facade..", root + ".app.cli.."};
  }
}
