// A municipal system in Java calling countyleap through its C interface (libcountyleap_c, see
// docs/c-api.md) with JNA: opens the bundled Shijiazhuang dataset, prints the 2022 tiers and the
// leap path of 赞皇县 (130129) to its next plan goal. Exits 1 on any error, printing its message.
//
// Build and run (examples/CMakeLists.txt does this as the test example.java.tiers_and_leap_path):
//   javac -cp /usr/share/java/jna.jar -d out examples/java/TiersAndLeapPath.java
//   java -cp out:/usr/share/java/jna.jar -Djna.library.path=<folder of libcountyleap_c.so> TiersAndLeapPath

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

public final class TiersAndLeapPath {

  /** C's size_t, 32 or 64 bits as the platform has it. */
  public static final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;
    public SizeT() { this(0); }
    public SizeT(long value) { super(Native.SIZE_T_SIZE, value, true); }
  }

  /** The functions of countyleap.h this program calls; status codes are ints (CL_OK = 0). */
  public interface CountyLeap extends Library {
    CountyLeap C = Native.load("countyleap_c", CountyLeap.class,
                               Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));  // the C interface speaks UTF-8

    String cl_version();
    int cl_api_version();
    String cl_last_error();
    String cl_status_name(int status);
    void cl_free(Pointer text);
    int cl_dataset_open_bundled(String name, PointerByReference dataset);
    void cl_dataset_close(Pointer dataset);
    int cl_dataset_illustrative(Pointer dataset, int[] illustrative);
    int cl_dataset_region_name(Pointer dataset, String code, PointerByReference nameZh, PointerByReference nameEn);
    int cl_evaluate(Pointer dataset, int year, PointerByReference result);
    void cl_result_close(Pointer result);
    int cl_result_count(Pointer result, Pointer count);
    int cl_result_code(Pointer result, SizeT index, PointerByReference code);
    int cl_result_copy_scores(Pointer result, double[] buffer, SizeT capacity);
    int cl_result_copy_ranks(Pointer result, double[] buffer, SizeT capacity);
    int cl_classify(Pointer result, Pointer dataset);
    int cl_result_tier(Pointer result, SizeT index, PointerByReference tier);
    int cl_leap_path_json(Pointer dataset, String code, int year, String goal, int targetYear, PointerByReference json);
  }

  private static final CountyLeap C = CountyLeap.C;

  /** Stops with the library's message when a call failed. */
  private static void check(int status, String call) {
    if (status != 0) {
      System.err.println(call + ": " + C.cl_status_name(status) + ": " + C.cl_last_error());
      System.exit(1);
    }
  }

  /** A string the library lends (valid while its handle is open). */
  private static String borrowed(PointerByReference ref) { return ref.getValue().getString(0, "UTF-8"); }

  /** A string the library allocated: copied, then freed with cl_free. */
  private static String owned(PointerByReference ref) {
    Pointer p = ref.getValue();
    try {
      return p.getString(0, "UTF-8");
    } finally {
      C.cl_free(p);
    }
  }

  private record Row(String code, String name, double score, double rank, String tier) {}

  public static void main(String[] args) {
    System.out.println("countyleap " + C.cl_version() + " (C API " + C.cl_api_version() + ") from Java via JNA");
    PointerByReference ref = new PointerByReference();
    check(C.cl_dataset_open_bundled("shijiazhuang", ref), "cl_dataset_open_bundled");
    Pointer dataset = ref.getValue();
    PointerByReference resultRef = new PointerByReference();
    check(C.cl_evaluate(dataset, 2022, resultRef), "cl_evaluate");
    Pointer result = resultRef.getValue();
    try {
      int[] illustrative = new int[1];
      check(C.cl_dataset_illustrative(dataset, illustrative), "cl_dataset_illustrative");
      check(C.cl_classify(result, dataset), "cl_classify");

      Memory countOut = new Memory(Native.SIZE_T_SIZE);
      check(C.cl_result_count(result, countOut), "cl_result_count");
      int n = (int) (Native.SIZE_T_SIZE == 8 ? countOut.getLong(0) : countOut.getInt(0));
      double[] scores = new double[n];
      double[] ranks = new double[n];
      check(C.cl_result_copy_scores(result, scores, new SizeT(n)), "cl_result_copy_scores");
      check(C.cl_result_copy_ranks(result, ranks, new SizeT(n)), "cl_result_copy_ranks");

      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; ++i) {
        PointerByReference code = new PointerByReference(), tier = new PointerByReference();
        PointerByReference zh = new PointerByReference(), en = new PointerByReference();
        check(C.cl_result_code(result, new SizeT(i), code), "cl_result_code");
        check(C.cl_result_tier(result, new SizeT(i), tier), "cl_result_tier");
        check(C.cl_dataset_region_name(dataset, borrowed(code), zh, en), "cl_dataset_region_name");
        rows.add(new Row(borrowed(code), borrowed(zh) + " " + borrowed(en), scores[i], ranks[i], borrowed(tier)));
      }
      Collections.sort(rows, Comparator.comparingDouble(Row::rank).thenComparing(Row::code));

      System.out.println("Tiers 2022 of the Shijiazhuang county innovation leap plan" +
                         (illustrative[0] == 1 ? " (ILLUSTRATIVE data, not official statistics)" : ""));
      for (String label : List.of("A", "B", "C")) {
        List<Row> inTier = rows.stream().filter(r -> r.tier().equals(label)).toList();
        System.out.println("Tier " + label + ": " + inTier.size());
        for (Row r : inTier)
          System.out.printf("  %2.0f  %s  %-22s %6.2f%n", r.rank(), r.code(), r.name(), r.score());
      }
      if (rows.stream().filter(r -> List.of("A", "B", "C").contains(r.tier())).count() != n) {
        System.err.println("a region has a tier outside A, B, C");
        System.exit(1);
      }

      PointerByReference json = new PointerByReference();
      check(C.cl_leap_path_json(dataset, "130129", 2022, null, 0, json), "cl_leap_path_json");
      System.out.println("Leap path of 130129 赞皇县 to its next plan goal (JSON, docs/c-api.md):");
      System.out.println(owned(json));
    } finally {
      C.cl_result_close(result);
      C.cl_dataset_close(dataset);
    }
  }
}
