package io.aiosedge.models.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.aiosedge.driver.simulated.signal.LabelledWindows;
import io.aiosedge.models.learning.Int8Export;
import io.aiosedge.models.learning.TrainableModel;
import io.aiosedge.models.learning.WindowNetwork;

class AnomalyModelTrainerTest {

    @TempDir
    Path temp;

    @Test
    void canonicalSavedModelsServeTheSameAndAreWrittenTheSameEachTime() throws Exception {
        LabelledWindows[] sets = AnomalyModelTrainer.windows(1, 2, 40);
        float[][] windows = AnomalyModelTrainer.concat(sets);
        assertThat(AnomalyModelTrainer.labels(sets)).hasSize(windows.length).containsOnly(0, 1);
        WindowNetwork network = WindowNetwork.standardisedOn(64, AnomalyModelTrainer.EDGE_CONVOLUTIONS,
                AnomalyModelTrainer.EDGE_HIDDEN, windows);
        try (TrainableModel model = TrainableModel.create(network, 3)) {
            float[] expected = model.predict(windows);
            for (String run : List.of("a", "b")) {
                model.export(temp.resolve(run + "-float"));
                Int8Export.write(model, temp.resolve(run + "-int8"));
            }
            for (String form : List.of("float", "int8")) {
                Path a = temp.resolve("a-" + form);
                Path b = temp.resolve("b-" + form);
                AnomalyModelTrainer.canonicalise(a);
                AnomalyModelTrainer.canonicalise(b);
                assertThat(Files.readAllBytes(a.resolve("saved_model.pb"))).as(form)
                        .isEqualTo(Files.readAllBytes(b.resolve("saved_model.pb")));
                byte[] once = Files.readAllBytes(a.resolve("saved_model.pb"));
                AnomalyModelTrainer.canonicalise(a);
                assertThat(Files.readAllBytes(a.resolve("saved_model.pb"))).as(form + ", rewritten again").isEqualTo(once);
                float[] served = AnomalyModelTrainer.runSavedModel(a, windows);
                for (int i = 0; i < windows.length; i++) {
                    assertThat(served[i]).as("%s window %d", form, i)
                            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(form.equals("float") ? 1e-6f : 0.05f));
                }
            }
            assertThat(AnomalyModelTrainer.bytes(temp.resolve("a-int8"))).isLessThan(AnomalyModelTrainer.bytes(temp.resolve("a-float")));
        }
    }
}
