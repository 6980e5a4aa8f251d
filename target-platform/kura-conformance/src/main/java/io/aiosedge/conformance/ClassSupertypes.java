package io.aiosedge.conformance;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct supertypes (super class and interfaces) of one class file, read from its constant pool: what bnd
 * looks at when it decides that a bundle implements (or extends) an API type.
 */
final class ClassSupertypes {

    private ClassSupertypes() {
    }

    /** Binary names with dots ({@code org.eclipse.kura.driver.Driver}); java.lang.Object is left out. */
    static List<String> read(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file (bad magic)");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
            case 1 -> utf8[i] = in.readUTF();
            case 7 -> classNameIndex[i] = in.readUnsignedShort();
            case 8, 16, 19, 20 -> in.readUnsignedShort();
            case 15 -> {
                in.readUnsignedByte();
                in.readUnsignedShort();
            }
            case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
            case 5, 6 -> {
                in.readLong();
                i++; // 8-byte constants take two entries
            }
            default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        in.readUnsignedShort(); // this_class
        List<String> supertypes = new ArrayList<>();
        int superClass = in.readUnsignedShort();
        if (superClass != 0) {
            addClass(supertypes, utf8, classNameIndex, superClass);
        }
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            addClass(supertypes, utf8, classNameIndex, in.readUnsignedShort());
        }
        return supertypes;
    }

    private static void addClass(List<String> names, String[] utf8, int[] classNameIndex, int entry)
            throws IOException {
        if (entry <= 0 || entry >= classNameIndex.length || utf8[classNameIndex[entry]] == null) {
            throw new IOException("constant pool entry " + entry + " is not a class");
        }
        String name = utf8[classNameIndex[entry]].replace('/', '.');
        if (!name.equals("java.lang.Object")) {
            names.add(name);
        }
    }
}
