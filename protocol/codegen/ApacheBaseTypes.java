import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rewrites the Java that the Thrift compiler generated from our IDL so that fields of the base types
 * travel as Apache Pegasus's do. Its IDL declares {@code blob}, {@code error_code}, {@code gpid} and
 * {@code rpc_address} as structs whose hand-written classes write a bare string or i64: the field
 * header (and a list's element type) says STRUCT while the payload is the primitive. Our IDL declares
 * them as typedefs of those primitives, which gives the same payload under a STRING or I64 header; an
 * Apache reader skips such a field and loses its value. This program changes, for every field whose
 * declared type is one of those typedefs (or a list of one), the type written in the field header or
 * list header to STRUCT, and has the reader accept STRUCT besides the primitive: what this store wrote
 * before (its logs, the meta server's state) stays readable. Everything else is left alone.
 *
 * <p>Run by generate-thrift.sh: {@code java codegen/ApacheBaseTypes.java src/generated/java}. It fails
 * when the generated code does not have the shape it expects, rather than leave a field half-changed.
 */
public final class ApacheBaseTypes {
    private static final Set<String> STRUCT_ENCODED = Set.of("blob", "error_code", "gpid", "rpc_address");
    private static final String TTYPE = "org.apache.thrift.protocol.TType.";

    /** One entry of a generated struct's metaDataMap: a field, whether it is a list, and its (element's) typedef. */
    private record BaseTypedField(String constant, String name, boolean list, String primitive) {}

    private static final Pattern META_ENTRY = Pattern.compile(
            "tmpMap\\.put\\(_Fields\\.(\\w+), new org\\.apache\\.thrift\\.meta_data\\.FieldMetaData\\(\"(\\w+)\","
                    + "[^\\n]*\\n\\s*new org\\.apache\\.thrift\\.meta_data\\.(FieldValueMetaData|ListMetaData|SetMetaData|MapMetaData)"
                    + "\\((.*?)\\)\\)\\);", Pattern.DOTALL);
    private static final Pattern TYPEDEF = Pattern.compile(
            "FieldValueMetaData\\(org\\.apache\\.thrift\\.protocol\\.TType\\.(\\w+)\\s*, \"(\\w+)\"\\)");
    private static final Pattern DIRECT_TYPEDEF = Pattern.compile(
            "^org\\.apache\\.thrift\\.protocol\\.TType\\.(\\w+)\\s*, \"(\\w+)\"$");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
        }
        int changed = 0;
        for (Path file : files) {
            String source = Files.readString(file);
            String rewritten = rewrite(file.getFileName().toString(), source);
            if (!rewritten.equals(source)) {
                Files.writeString(file, rewritten);
                changed++;
            }
        }
        System.out.println("base-typed fields marked STRUCT in " + changed + " classes");
    }

    static String rewrite(String fileName, String source) {
        String result = source;
        for (BaseTypedField field : baseTypedFields(fileName, source)) {
            result = field.list() ? rewriteList(fileName, result, field) : rewriteDirect(fileName, result, field);
        }
        return result;
    }

    private static List<BaseTypedField> baseTypedFields(String fileName, String source) {
        List<BaseTypedField> fields = new ArrayList<>();
        Matcher entry = META_ENTRY.matcher(source);
        while (entry.find()) {
            String kind = entry.group(3);
            String body = entry.group(4).trim();
            if (kind.equals("FieldValueMetaData")) {
                Matcher typedef = DIRECT_TYPEDEF.matcher(body);
                if (typedef.matches() && STRUCT_ENCODED.contains(typedef.group(2))) {
                    fields.add(new BaseTypedField(entry.group(1), entry.group(2), false, typedef.group(1)));
                }
                continue;
            }
            Matcher element = TYPEDEF.matcher(body);
            while (element.find()) {
                if (!STRUCT_ENCODED.contains(element.group(2))) {
                    continue;
                }
                if (!kind.equals("ListMetaData")) {
                    throw new IllegalStateException(fileName + ": field " + entry.group(2) + " is a " + kind
                            + " of " + element.group(2) + "; only lists of base types are supported");
                }
                fields.add(new BaseTypedField(entry.group(1), entry.group(2), true, element.group(1)));
            }
        }
        return fields;
    }

    private static String rewriteDirect(String fileName, String source, BaseTypedField field) {
        String header = "new org.apache.thrift.protocol.TField(\"" + field.name() + "\", " + TTYPE + field.primitive() + ",";
        String result = replaceOnce(fileName, source, header,
                "new org.apache.thrift.protocol.TField(\"" + field.name() + "\", " + TTYPE + "STRUCT,");
        String readCheck = "// " + field.constant() + "\n            if (schemeField.type == " + TTYPE + field.primitive() + ")";
        return replaceOnce(fileName, result, readCheck, "// " + field.constant() + "\n            if (schemeField.type == "
                + TTYPE + "STRUCT || schemeField.type == " + TTYPE + field.primitive() + ")");
    }

    private static String rewriteList(String fileName, String source, BaseTypedField field) {
        String listHeader = "writeListBegin(new org.apache.thrift.protocol.TList(" + TTYPE + field.primitive()
                + ", struct." + field.name() + ".size()))";
        return replaceOnce(fileName, source, listHeader, "writeListBegin(new org.apache.thrift.protocol.TList("
                + TTYPE + "STRUCT, struct." + field.name() + ".size()))");
    }

    private static String replaceOnce(String fileName, String source, String target, String replacement) {
        int at = source.indexOf(target);
        if (at < 0 || source.indexOf(target, at + 1) >= 0) {
            throw new IllegalStateException(fileName + ": expected exactly one occurrence of " + target);
        }
        return source.substring(0, at) + replacement + source.substring(at + target.length());
    }
}
