package io.aiosedge.federated.internal;

import java.nio.file.Path;

/** The participant's settings, checked like the coordinator's. 0 for steps, rate or clip: as the invite says. */
record ParticipantOptions(String model, boolean enabled, Path modelDirectory, Path dataFile, int maxWindows,
        int localSteps, float learningRate, double clip, double noise, String inviteFilter, String joinTopic,
        String updateTopic, long seed) {

    static ParticipantOptions from(Participant.Config c) {
        String model = Checks.name("model.name", c.model_name());
        return new ParticipantOptions(model, c.participation_enabled(),
                Path.of(Checks.text("model.directory", c.model_directory())),
                Path.of(Checks.text("data.file", c.data_file())),
                Checks.range("data.max.windows", c.data_max_windows(), 1, 1_000_000),
                Checks.range("local.steps", c.local_steps(), 0, 100_000),
                (float) Checks.range("learning.rate", c.learning_rate(), 0, 1),
                Checks.range("clip.norm", c.clip_norm(), 0, 1e6),
                Checks.range("noise.multiplier", c.noise_multiplier(), 0, 100),
                Checks.text("invite.topic.filter", c.invite_topic_filter()).replace("#{model}", model),
                Checks.text("updates.topic", c.updates_topic()).replace("#{model}", model) + "/join",
                Checks.text("updates.topic", c.updates_topic()).replace("#{model}", model) + "/update",
                c.seed());
    }

    /** The local settings of a round: ours where set, else the invite's; noise is the larger of the two. */
    LocalTraining.Settings settingsFor(FederatedMessages.Invite invite) {
        return new LocalTraining.Settings(localSteps > 0 ? localSteps : invite.localSteps(), invite.batchSize(),
                learningRate > 0 ? learningRate : invite.learningRate(), clip > 0 ? clip : invite.clip(),
                Math.max(noise, invite.noise()));
    }
}
