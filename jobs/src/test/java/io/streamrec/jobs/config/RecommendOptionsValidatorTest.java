package io.streamrec.jobs.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendOptionsValidatorTest {

    @Test
    void defaultsAreValid() {
        assertDoesNotThrow(() -> RecommendOptionsValidator.validate(new Configuration()));
    }

    @Test
    void listSizeZeroRejected() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.LIST_SIZE, 0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid value 0 for option 'recommend.list-size': expected an integer from 1 to 1000.",
                e.getMessage());
    }

    @Test
    void unparsableValueNamed() {
        Configuration conf = new Configuration();
        conf.setString("cooccurrence.neighbours", "many");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid value many for option 'cooccurrence.neighbours': could not be parsed as an integer.",
                e.getMessage());
    }

    @Test
    void negativeWeightRejected() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.WEIGHT_VIEW, -1.0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid value -1.0 for option 'weights.view': expected a number from 0 to 1000.", e.getMessage());
    }

    @Test
    void zeroHalfLifeRejected() {
        Configuration conf = new Configuration();
        conf.setString("popularity.half-life", "0 s");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid value PT0S for option 'popularity.half-life': "
                + "expected a positive duration such as 30 s, 10 min or 1 h.", e.getMessage());
    }

    @Test
    void unknownModelRejected() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.PUBLISHED_MODEL, "magic");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid value magic for option 'recommend.model': "
                + "expected one of cooccurrence, cooccurrence-affinity, learned-ranker, popularity.", e.getMessage());
    }

    @Test
    void unknownShadowModelRejected() {
        Configuration conf = new Configuration();
        conf.setString(RecommendOptions.MODELS.key(), "popularity;magic");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid value [popularity, magic] for option 'recommend.models': unknown model magic, "
                + "expected names from cooccurrence, cooccurrence-affinity, learned-ranker, popularity.", e.getMessage());
    }

    @Test
    void publishedModelMustBeRanked() {
        Configuration conf = new Configuration();
        conf.setString(RecommendOptions.MODELS.key(), "popularity");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid model cooccurrence of variant default: expected one of the models in "
                + "'recommend.models' [popularity].", e.getMessage());
    }

    @Test
    void malformedVariantRejected() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.AB_VARIANTS, "control:cooccurrence:50;treatment:learned-ranker");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        assertEquals("Invalid entry 'treatment:learned-ranker' in option 'ab.variants': "
                + "expected name:model:weight, such as control:cooccurrence:50.", e.getMessage());
    }

    @Test
    void validVariantsAccepted() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.AB_VARIANTS, "control:cooccurrence:50;treatment:learned-ranker:50");

        RecommendOptionsValidator.validate(conf);
    }

    @Test
    void everyErrorListed() {
        Configuration conf = new Configuration();
        conf.set(RecommendOptions.LIST_SIZE, 5000);
        conf.setString("delivery.guarantee", "maybe");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecommendOptionsValidator.validate(conf));

        String[] lines = e.getMessage().split(System.lineSeparator());
        assertEquals(2, lines.length);
        assertTrue(lines[0].contains("'recommend.list-size'"), lines[0]);
        assertTrue(lines[1].startsWith("Invalid value maybe for option 'delivery.guarantee'"), lines[1]);
        assertTrue(lines[1].endsWith("could not be parsed as one of exactly-once, at-least-once, none."), lines[1]);
    }

    @Test
    void deliveryGuaranteeSpellings() {
        for (String spelling : new String[] {"exactly-once", "EXACTLY-ONCE"}) {
            Configuration conf = new Configuration();
            conf.setString("delivery.guarantee", spelling);

            assertDoesNotThrow(() -> RecommendOptionsValidator.validate(conf), spelling);
            assertEquals(DeliveryGuarantee.EXACTLY_ONCE, conf.get(RecommendOptions.DELIVERY_GUARANTEE), spelling);
        }
    }
}
